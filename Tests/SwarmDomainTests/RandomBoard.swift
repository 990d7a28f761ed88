// A board built by random mutations, for tests that compare a scan with its plain definition.
import SwarmDomain
import SwarmTestSupport

enum RandomBoard {
    /// Opening and activity times go back and forth, and some share a millisecond, so neither id
    /// order nor time order is board order; tickets are claimed, released, handed off, taken over,
    /// blocked, resolved, reopened, commented, re-prioritised and closed.
    static func make(seed: UInt64, steps: Int = 700, afterEach: (Board, Mutation) -> Void = { _, _ in }) throws -> Board {
        var rng = SeededRNG(state: seed)
        var board = Board()
        let t0 = Timestamp(seconds: 1_795_000_000)
        let agents = ["alice", "bob", "carol", "dave", "erin"]
        for a in agents { _ = try board.apply(.register(name: a), by: a, at: t0) }
        for step in 0..<steps {
            let at = t0 + Span(millis: Int64(rng.below(50)) * 1000)
            let id = TicketID(1 + rng.below(max(board.ticketCount, 1)))
            let who = agents[rng.below(agents.count)]
            let m: Mutation
            let other = agents[rng.below(agents.count)]
            switch rng.below(14) {
            case 0, 1, 2: m = .open(priority: Priority.allCases[rng.below(4)], title: "t\(step)")
            case 3: m = .claim(ticket: id, force: nil)
            case 4: m = .setStatus(ticket: id, status: [.blocked, .review, .doing, .new][rng.below(4)], note: nil, force: nil)
            case 5: m = .resolve(ticket: id, resolution: "done")
            case 6: m = .comment(ticket: id, text: "c\(step)")
            case 7: m = .setPriority(ticket: id, priority: Priority.allCases[rng.below(4)])
            case 8: m = .release(ticket: id)
            case 9: m = .reopen(ticket: id, reason: nil)
            case 10: m = .handoff(ticket: id, to: other, note: nil, receiverOffline: false)
            case 11: m = .acceptHandoff(ticket: id, force: nil)
            case 12: m = .takeOver(ticket: id, reason: "on call", force: nil)
            default: m = rng.below(3) == 0 ? .close(ticket: id) : .open(priority: .p2, title: "t\(step)")
            }
            _ = try? board.apply(m, by: who, at: at, policy: .replay)
            afterEach(board, m)
        }
        return board
    }
}
