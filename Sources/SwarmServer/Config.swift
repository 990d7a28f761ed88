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
    /// A JSON list of accounts; nil is open mode (any free name, everyone lead).
    public var accountsFile: String?
    /// Open mode on a non-loopback address must be asked for (like Redis's protected mode).
    public var openNetwork = false
    /// Limits; 0 turns a limit off. Every one is a flag (Flags.swift) documented in the README.
    public var maxConnections = 1000
    public var maxPerIP = 64
    public var helloTimeout = Span.seconds(60)
    public var idleTimeout = Span.hours(24)
    /// Lines per second each connection may send, with a burst of twice that; over it the
    /// connection is read more slowly (IRC's fake lag), nothing is dropped.
    public var lineRate = 20
    public var maxComment = 2000
    public var maxRooms = 50
    /// Rooms with more members than this hear joins and leaves as one summary a second (0: never).
    public var announceLimit = 50
    /// How long a refused /hello waits before its reply, and before the connection is read again.
    public var loginDelay = Span.seconds(1)
    /// Failed /hello attempts before the connection is closed.
    public var maxLoginFailures = 5
    /// WIP limits, SLA targets, the stale clock and the invite timeout, handed to the domain.
    public var policy = Policy()
    /// How `!assign` picks an owner (`--assign`).
    public var assignRule = AssignRule.leastLoaded
    /// `!faq review` lists entries not updated for this long.
    public var faqReviewAfter = Span.days(90)
    /// The FAQ starter set loaded into an empty board: the copy of Deploy/faq.json built into
    /// the binary (so it works from any folder, in Docker and under systemd), a file, or none.
    public var faqSeed = FAQSeedSource.builtIn
    /// `faqSeed` as a path: nil is none. Tests set this to pick a file or turn the seed off.
    public var faqSeedPath: String? {
        get { if case .file(let p) = faqSeed { p } else { nil } }
        set { faqSeed = newValue.map { .file($0) } ?? .none }
    }
    /// --metrics-port: plain HTTP for GET /metrics and /healthz; nil serves none, 0 a free port.
    public var metricsPort: Int?
    public var metricsHost = "127.0.0.1"
    /// $NOTIFY_SOCKET: systemd is told READY=1 once we listen and STOPPING=1 at shutdown.
    public var notifySocket: String?
    /// The --config file the settings came from, if any (for the start-up log).
    public var configFile: String?
    /// How often a snapshot is written when something changed.
    public var snapshotInterval: Span = .seconds(30)
    /// false skips fsync (benchmarks only: a power loss can lose acknowledged changes).
    public var fsync = true
    /// Bytes the journal zero-fills ahead of its records (fsync on only; 0 turns it off).
    public var journalPreallocation = 1 << 20
    /// The file layer persistence uses; tests inject failures through it.
    public var files: any FileLayer = PosixFileLayer()
    public var clock: any WallClock = SystemClock()
    public var log = Log()
    /// A signalfd for SIGINT/SIGTERM/SIGHUP, from `Signals.takeOver()` (the real binary); tests leave it nil.
    public var signalFD: Int32?

    public init() {}

    public static let version = "0.1.0"

    public var isOpenMode: Bool { accountsFile == nil }

    /// Whether `host` only accepts connections from this machine.
    public var listensOnLoopbackOnly: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Refuses a start-up that would expose an open-mode server to the network.
    public func checkExposure() throws(AccountsError) {
        if isOpenMode && !listensOnLoopbackOnly && !openNetwork {
            throw AccountsError("refusing to listen on \(host) in open mode (no --accounts file: anyone could log in as anyone); give --accounts FILE, listen on 127.0.0.1, or pass --open-network if this network is trusted")
        }
    }
}
