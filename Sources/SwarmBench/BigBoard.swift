// The snapshot scenario's board (100,000 tickets, 1,000,000 comments by default), built in memory
// and written as the data folder's snapshot before the server starts, with the persistence
// figures that Scripts/bench-snapshot used to print (build, write, copy-on-write).
import Foundation
import SwarmDomain
import SwarmServer

enum BigBoard {
    struct Figures {
        var buildMs = 0.0
        var snapshotBytes = 0
        /// Encoded into the file, synced and renamed.
        var writeMs = 0.0
        var firstChangeAfterCopyMs = 0.0
        /// The snapshot's journal seq: one record per ticket and per comment.
        var seq: UInt64 = 0
    }

    /// Builds the board and writes it as `dir`'s snapshot. Activity is dated in the last minutes,
    /// not in the past: a board quiet for days would have swarmbot nag all its tickets at once.
    static func write(tickets: Int, comments: Int, into dir: String) throws -> Figures {
        var f = Figures()
        var t0 = Clock.nanos()
        var board = Board()
        let spread = Int64(min(comments, 600_000))
        let start = SystemClock().now() + Span(millis: -(spread + 60_000))
        for i in 0..<tickets {
            _ = try board.apply(.open(priority: .p2, title: "ticket \(i): printer on floor \(i % 7) is jammed"),
                                by: "agent\(i % 50)", at: start)
        }
        for i in 0..<comments {
            let at = start + Span(millis: Int64(i) * spread / Int64(max(comments, 1)))
            _ = try board.apply(.comment(ticket: TicketID(1 + i % tickets), text: "comment \(i): rebooted it, still failing"),
                                by: "agent\(i % 50)", at: at)
        }
        f.buildMs = ms(since: t0)
        f.seq = UInt64(tickets + comments)

        t0 = Clock.nanos()
        f.snapshotBytes = try SnapshotFile.write(board, seq: f.seq, in: dir, files: PosixFileLayer()).bytes
        f.writeMs = ms(since: t0)

        // What the loop pays on its first change after a snapshot took its copy.
        var live = board
        let copy = board
        t0 = Clock.nanos()
        _ = try live.apply(.comment(ticket: TicketID(1), text: "first change after the copy"), by: "agent1",
                           at: start + Span(millis: spread))
        f.firstChangeAfterCopyMs = ms(since: t0)
        withExtendedLifetime(copy) {}
        return f
    }

    private static func ms(since t0: UInt64) -> Double { Double(Clock.nanos() - t0) / 1e6 }
}
