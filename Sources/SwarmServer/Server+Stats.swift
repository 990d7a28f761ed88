// /stats counted off the loop. It looks at every ticket (7–10 ms at 100,000 tickets,
// Scripts/bench-board), and on the loop that was every client's latency, once per agent who asked.
// So it counts on a copy of the board on the board-counting queue, as GET /metrics does: the
// copy costs nothing until the loop next changes a page of tickets, which it then copies.
// Meanwhile only the connection that asked waits: it is not read (as during a login check), so
// its later lines are answered after the stats, in the order they were sent.
import SwarmDomain

extension Server {
    func beginStats(_ ctx: inout CommandContext) {
        let s = ctx.session
        let board = self.board, policy = config.policy, at = now
        let sessionID = s.id, requestID = ctx.requestID
        let inbox = self.inbox
        s.pausedUntil = Timestamp(millis: .max)  // until finishStats
        ctx.replyLater = true
        boardCounter.async {
            let stats = BoardStats(board: board, policy: policy, at: at)
            let count = board.ticketCount
            inbox.post { server in server.finishStats(sessionID, stats, ticketCount: count, id: requestID) }
        }
    }

    func finishStats(_ sessionID: UInt64, _ stats: BoardStats, ticketCount: Int, id: JSONValue?) {
        guard let s = sessions[sessionID], s.isOpen else { return }
        // A read: the reply carries no fallback for a lost change (the last command may have made one).
        durability.commandStartSeq = durability.appendedSeq
        s.pausedUntil = nil
        reply(Reply(stats: stats, ticketCount: ticketCount), command: "stats", id: id, to: s)
        processInput(s)
    }
}
