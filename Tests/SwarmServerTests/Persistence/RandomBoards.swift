// Seeded random boards for property tests: many tickets, comments with awkward text (quotes,
// backslashes, control characters, non-ASCII, emoji), and every kind of workflow change, applied
// through `Board.apply` so each board is one the server could really hold.
import SwarmDomain
import SwarmTestSupport

enum RandomBoards {
    static let awkward = ["plain", "with \"quotes\"", "back\\slash", "tab\there", "line\nbreak", "nul\u{0}byte",
                          "bell\u{7}", "ünïcödé", "日本語", "emoji 🚀🔥", "slash / and </script>", "del\u{7F}",
                          "\u{2028}line separator", "{\"json\":[1,2]}", " spaced ", "x"]

    static func text(_ rng: inout SeededRNG) -> String {
        (0..<Int.random(in: 1...3, using: &rng)).map { _ in awkward.randomElement(using: &rng)! }.joined(separator: " ")
    }

    /// A board after `steps` random changes (refused ones are skipped, as the server would).
    static func board(seed: UInt64, steps: Int = 300) -> Board {
        var rng = SeededRNG(state: seed)
        var b = Board()
        let agents = ["alice", "bob", "carol", "dave"]
        var at = Timestamp(millis: 1_700_000_000_000 + Int64(seed % 1000))
        for a in agents { _ = try? b.apply(.register(name: a), by: a, at: at) }
        for _ in 0..<steps {
            at = at + Span(millis: Int64.random(in: 0...90_000, using: &rng))
            let who = agents.randomElement(using: &rng)!
            let n = max(1, b.ticketCount)
            let t = TicketID(Int.random(in: 1...n, using: &rng))
            let m: Mutation
            switch Int.random(in: 0..<22, using: &rng) {
            case 0, 1, 2: m = .open(priority: Priority.allCases.randomElement(using: &rng)!, title: text(&rng))
            case 3, 4, 5, 6, 7: m = .comment(ticket: t, text: text(&rng))
            case 8: m = .claim(ticket: t, force: nil)
            case 9: m = .release(ticket: t)
            case 10: m = .handoff(ticket: t, to: agents.randomElement(using: &rng)!, note: Bool.random(using: &rng) ? text(&rng) : nil, receiverOffline: true)
            case 11: m = .setStatus(ticket: t, status: TicketStatus.allCases.randomElement(using: &rng)!, note: nil, force: "test")
            case 12: m = .resolve(ticket: t, resolution: text(&rng))
            case 13: m = .tag(ticket: t, add: ["vpn", "db", "ünï"].shuffled(using: &rng).prefix(2).map { $0 }, remove: [])
            case 14: m = .link(ticket: t, other: TicketID(Int.random(in: 1...n, using: &rng)), kind: LinkKind.allCases.randomElement(using: &rng)!)
            case 15: m = .checkAdd(ticket: t, text: text(&rng))
            case 16: m = .checkMark(ticket: t, item: 1, done: Bool.random(using: &rng))
            case 17: m = .rate(ticket: t, score: Int.random(in: 1...5, using: &rng), comment: Bool.random(using: &rng) ? text(&rng) : nil)
            case 18: m = .skills(add: ["db", "net"], remove: [])
            case 19: m = .summon(ticket: t, invites: [Invite(agent: agents.randomElement(using: &rng)!, skills: ["db"], by: who, message: text(&rng), at: at)], wanted: ["db"])
            case 20: m = .mute(Bool.random(using: &rng) ? .board : .ticket(t))
            default: m = .faqAdd(key: "k\(Int.random(in: 0...20, using: &rng))", title: text(&rng), answer: text(&rng), tags: ["x"])
            }
            _ = try? b.apply(m, by: who, at: at, policy: .replay)
        }
        return b
    }
}
