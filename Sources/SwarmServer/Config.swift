// Everything the server is told at start. Flags.swift fills it from the command line and the
// environment; tests build it directly.
import SwarmDomain

public struct Config: Sendable {
    public var host = "127.0.0.1"
    public var port = 7420
    public var dataDir = "./swarmline-data"
    public var maxLine = 4096
    /// Bytes a connection may have queued for it before it is cut off as a slow reader.
    public var maxQueue = 4 << 20
    public var historyOnJoin = 20
    /// Quiet time before swarmbot's stale ladder starts (0 turns it off).
    public var staleAfter = Span.minutes(30)
    /// `!faq review` lists entries not updated for this long.
    public var faqReviewAfter = Span.days(90)
    /// The FAQ starter set loaded into an empty board; nil loads none (tests). A relative path is
    /// looked up from the current folder, then upwards from the executable (FAQSeed.swift).
    public var faqSeedPath: String? = "Deploy/faq.json"
    public var clock: any WallClock = SystemClock()
    public var log = Log()
    /// A signalfd for SIGINT/SIGTERM/SIGHUP, from `Signals.takeOver()` (the real binary); tests leave it nil.
    public var signalFD: Int32?

    public init() {}

    public static let version = "0.1.0"
}
