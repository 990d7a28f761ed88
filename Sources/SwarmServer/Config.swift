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
    /// How often a snapshot is written when something changed.
    public var snapshotInterval: Span = .seconds(30)
    /// false skips fsync (benchmarks only: a power loss can lose acknowledged changes).
    public var fsync = true
    /// The file layer persistence uses; tests inject failures through it.
    public var files: any FileLayer = PosixFileLayer()
    public var clock: any WallClock = SystemClock()
    public var log = Log()
    /// A signalfd for SIGINT/SIGTERM/SIGHUP, from `Signals.takeOver()` (the real binary); tests leave it nil.
    public var signalFD: Int32?

    public init() {}

    public static let version = "0.1.0"
}
