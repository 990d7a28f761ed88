// Counters the event loop keeps for GET /metrics. Loop-confined like the board: no locks. The
// journal and snapshot threads report their timings through the Inbox (with the "durable up to"
// and "snapshot finished" messages they post anyway), so nothing here is shared.
import SwarmDomain

final class Metrics {
    /// When the server started (wall clock), for process_start_time_seconds.
    let startedAt: Timestamp
    /// Commands run, indexed by `CommandSpec.ordinal` (a Dictionary keyed by "/name" built the
    /// key and hashed it on every line), and lines naming no command.
    @exclusivity(unchecked) var commandCounts = [Int](repeating: 0, count: CommandTable.all.count)
    var unknownCommands = 0

    /// Commands run, by `/name` or `!name` (only names from the command tables: a client's
    /// typo never becomes a label), plus `unknown`.
    var commands: [String: Int] {
        var out: [String: Int] = [:]
        for (spec, n) in zip(CommandTable.all, commandCounts) where n > 0 { out[spec.prefix.rawValue + spec.name] = n }
        if unknownCommands > 0 { out["unknown"] = unknownCommands }
        return out
    }
    /// Refusals by error code (codes are constants in the sources, so the set is bounded).
    var errors: [String: Int] = [:]
    var accepted = 0
    /// Closed connections by `Metrics.disconnectKind(_:)`.
    var disconnects: [String: Int] = [:]
    /// Connections turned away before becoming a session (server-full, too-many-connections, busy).
    var refused: [String: Int] = [:]
    /// fsync(2) of journal batches, as measured on the journal thread.
    var journalFsync = Histogram(bounds: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5])
    /// Event-loop turns: every client waits for the turn in progress, so the slow ones are the
    /// server's stalls, and the longest-since-start gauge alone cannot say how often they come.
    var loopTurn = Histogram(bounds: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5])
    var snapshots = 0
    var snapshotFailures = 0
    var lastSnapshotSeconds: Double?
    var lastSnapshotBytes = 0
    /// When board.json was last written (by us, or its mtime at start).
    var lastSnapshotAt: Timestamp?
    /// HTTP responses on the metrics port, by status code.
    var httpResponses: [String: Int] = [:]

    init(startedAt: Timestamp) {
        self.startedAt = startedAt
    }

    /// A disconnect reason (free text in logs) as one of a fixed set of label values.
    static func disconnectKind(_ reason: String?) -> String {
        guard let r = reason else { return "closed" }
        let kinds: [(String, String)] = [
            ("quit", "quit"), ("client closed", "client_closed"), ("slow reader", "slow_reader"),
            ("write failed", "write_failed"), ("connection lost", "connection_lost"), ("idle for", "idle_timeout"),
            ("no /hello within", "hello_timeout"), ("failed logins", "failed_logins"), ("account removed", "account_removed"),
            ("server shutdown", "shutdown"), ("HTTP request", "http_on_line_port"),
        ]
        for (needle, kind) in kinds where r.hasPrefix(needle) || r.hasSuffix(needle) { return kind }
        return "other"
    }
}
