// GET /metrics: the loop's state and counters in the Prometheus text format. Every family is
// listed in the README (Operate → Metrics); a test reads them all back from a live server.
import Dispatch
import SwarmDomain

extension Server {
    /// `board`: the board's gauges, counted off the loop (BoardGauges.swift).
    func renderMetrics(board gauges: BoardGauges) -> String {
        var p = PrometheusText()
        p.family("swarmline_build_info", .gauge, "Always 1; the version is a label.")
        p.sample("swarmline_build_info", 1, [("version", Config.version)])

        p.gauge("swarmline_connections", "Open line-protocol connections.", Double(sessions.count))
        p.gauge("swarmline_agents_online", "Agents who said /hello and are connected.", Double(presence.online.count))
        p.family("swarmline_connections_accepted_total", .counter, "Connections accepted on the line port.")
        p.sample("swarmline_connections_accepted_total", metrics.accepted)
        p.counter("swarmline_connections_refused_total", "Connections turned away at once, by reason.", label: "reason", metrics.refused)
        p.counter("swarmline_disconnects_total", "Closed connections by reason.", label: "reason", metrics.disconnects)
        p.counter("swarmline_commands_total", "Commands received, refused or not, by name (unknown: not a command).", label: "command", metrics.commands)
        p.counter("swarmline_command_errors_total", "Error replies to commands and comments, by their ERR code.", label: "code", metrics.errors)

        p.family("swarmline_comments_total", .counter, "Comments on the board, all time (ids are never reused).")
        p.sample("swarmline_comments_total", board.nextCommentID - 1)
        gauges.render(&p)

        p.family("swarmline_faq_entries", .gauge, "Entries in swarmbot's FAQ.")
        p.sample("swarmline_faq_entries", board.faq.count)
        p.family("swarmline_journal_seq", .gauge, "Last journal record made (applied to the board).")
        p.sample("swarmline_journal_seq", Int(durability.appendedSeq))
        p.family("swarmline_journal_durable_seq", .gauge, "Last journal record known to be on disk.")
        p.sample("swarmline_journal_durable_seq", Int(durability.durableSeq))
        p.gauge("swarmline_storage_failed", "1 while the data folder cannot be written (changes refused with ERR storage).",
                durability.failure == nil ? 0 : 1)
        p.histogram("swarmline_journal_fsync_seconds", "fsync(2) of one journal batch (group commit), on the journal thread.",
                    metrics.journalFsync)

        p.family("swarmline_snapshots_total", .counter, "Snapshots written by this process.")
        p.sample("swarmline_snapshots_total", metrics.snapshots)
        p.family("swarmline_snapshot_failures_total", .counter, "Snapshots that failed (the journal still holds everything).")
        p.sample("swarmline_snapshot_failures_total", metrics.snapshotFailures)
        if let s = metrics.lastSnapshotSeconds {
            p.gauge("swarmline_snapshot_duration_seconds", "Time the last snapshot took: encode, write, fsync, rename.", s)
            p.gauge("swarmline_snapshot_bytes", "Size of the last snapshot written.", Double(metrics.lastSnapshotBytes))
        }
        if let at = metrics.lastSnapshotAt {
            p.gauge("swarmline_snapshot_age_seconds", "Seconds since board.json was last written.", Double((now - at).millis) / 1000)
        }
        p.family("swarmline_snapshot_behind_records", .gauge, "Journal records not yet in a snapshot (replayed at the next start).")
        p.sample("swarmline_snapshot_behind_records", Int(durability.appendedSeq - durability.lastSnapshotSeq))
        p.family("swarmline_log_lines_dropped_total", .counter, "Log lines dropped because the log's reader fell behind.")
        p.sample("swarmline_log_lines_dropped_total", LogWriter.standardError.droppedTotal)
        p.gauge("swarmline_loop_turn_longest_seconds", "Longest event-loop turn since start (work between two epoll waits).",
                Double(longestTurnNanos) / 1e9)
        p.histogram("swarmline_loop_turn_seconds", "Event-loop turns (work between two epoll waits); every client waits for the turn in progress.",
                    metrics.loopTurn)
        p.counter("swarmline_http_responses_total", "Responses on the metrics port, by status (dropped: over 16 open, timeout: head not sent in 5 s).",
                  label: "code", metrics.httpResponses)
        renderProcess(&p)
        return p.text
    }

    private func renderProcess(_ p: inout PrometheusText) {
        let stats = ProcessStats.read()
        p.gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.",
                Double(metrics.startedAt.millis) / 1000)
        p.family("process_cpu_seconds_total", .counter, "User and system CPU time spent, in seconds.")
        p.sample("process_cpu_seconds_total", stats.cpuSeconds)
        if let rss = stats.residentBytes { p.gauge("process_resident_memory_bytes", "Resident memory size in bytes (/proc/self/statm).", Double(rss)) }
        if let v = stats.virtualBytes { p.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", Double(v)) }
        if let n = stats.openFDs { p.gauge("process_open_fds", "Open file descriptors.", Double(n)) }
        if let n = stats.maxFDs { p.gauge("process_max_fds", "Limit on open file descriptors.", Double(n)) }
    }
}
