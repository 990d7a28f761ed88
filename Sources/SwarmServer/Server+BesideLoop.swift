// Read commands whose time grows with the board or with one ticket's timeline, answered beside
// the loop: /board, /stats, the listings (/list, /tickets, /wanted, !triage, !stale), /whois,
// /agents, /export and a long /history. On 100,000 tickets /stats took 7–10 ms, /whois 8 ms, a
// /list of the 40,000 open ones about 0.6 s before listings came in pages
// (Scripts/big-board-commands), an /export of 20,000 comments 60 ms (Scripts/hot-ticket); on the
// loop that time was every client's latency, once per agent who asked.
// So the handler checks its arguments on the loop, then the work runs on a copy of the board on
// a queue of its own (`boardReader`; GET /metrics counts on another): the copy costs nothing
// until the loop next changes a page of tickets, which it then copies. The reply is rendered
// there too (40,000 lines of /list rendered on the loop held everyone for about 40 ms).
// Meanwhile only the connection that asked waits: it is not read (as during a login check), so
// its later lines are answered after this reply, in the order they were sent.
import SwarmDomain

extension Server {
    /// Answers with `work(board)`, computed on a copy of the board as it is now.
    func replyBesideLoop(_ ctx: inout CommandContext, _ work: @escaping @Sendable (Board) -> Reply) {
        let s = ctx.session
        let board = self.board
        let sessionID = s.id, requestID = ctx.requestID, command = ctx.command, format = s.format
        let inbox = self.inbox, limit = config.maxQueue
        s.pausedUntil = Timestamp(millis: .max)  // until finishBesideLoop
        ctx.replyLater = true
        boardReader.async {
            var r = work(board)
            var bytes = Server.render(r, command: command, id: requestID, format: format)
            // As Server.reply does on the loop.
            if bytes.count > limit {
                r = Server.tooBig(bytes.count, limit: limit)
                bytes = Server.render(r, command: command, id: requestID, format: format)
            }
            inbox.post { [bytes, code = r.error?.code] server in server.finishBesideLoop(sessionID, bytes, errorCode: code) }
        }
    }

    func finishBesideLoop(_ sessionID: UInt64, _ bytes: [UInt8], errorCode: String?) {
        guard let s = sessions[sessionID], s.isOpen else { return }
        if let code = errorCode { metrics.errors[code, default: 0] += 1 }
        s.pausedUntil = nil
        // A read: no fallback for a lost change, and it waits behind any output still held.
        enqueue(bytes, to: s)
        processInput(s)
    }
}
