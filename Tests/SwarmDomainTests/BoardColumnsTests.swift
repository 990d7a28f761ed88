// /board's columns against sorting every column: BoardColumns keeps only the first few of each.
import Testing
import SwarmDomain
import SwarmTestSupport

@Suite struct BoardColumnsTests {
    /// Every ticket of `status` in board order (priority, oldest first, then id): the definition.
    static func sortedColumn(_ board: Board, _ status: TicketStatus) -> [TicketID] {
        (0..<board.ticketCount).map { board.tickets[$0] }.filter { $0.status == status }
            .sorted { ($0.priority.rawValue, $0.openedAt.millis, $0.id.value) < ($1.priority.rawValue, $1.openedAt.millis, $1.id.value) }
            .map(\.id)
    }

    @Test func countsAndFirstTickets_MatchSortingEveryColumn() throws {
        for seed in 1...6 as ClosedRange<UInt64> {
            var rng = SeededRNG(state: seed)
            var board = Board()
            let t0 = Timestamp(seconds: 1_795_000_000)
            let agents = ["alice", "bob", "carol", "dave", "erin"]
            for a in agents { _ = try board.apply(.register(name: a), by: a, at: t0) }
            for step in 0..<700 {
                // Opening times go back and forth, and some share a millisecond, so neither id
                // order nor time order is board order.
                let at = t0 + Span(millis: Int64(rng.below(50)) * 1000)
                let id = TicketID(1 + rng.below(max(board.ticketCount, 1)))
                let who = agents[rng.below(agents.count)]
                let m: Mutation
                switch rng.below(6) {
                case 0, 1, 2: m = .open(priority: Priority.allCases[rng.below(4)], title: "t\(step)")
                case 3: m = .claim(ticket: id, force: nil)
                case 4: m = .setStatus(ticket: id, status: [.blocked, .review][rng.below(2)], note: nil, force: nil)
                default: m = .resolve(ticket: id, resolution: "done")
                }
                _ = try? board.apply(m, by: who, at: at, policy: .replay)
            }
            for shown in [0, 1, 15, 1_000] {
                let cols = BoardColumns(board, showing: shown)
                for status in TicketStatus.allCases {
                    let all = Self.sortedColumn(board, status)
                    #expect(cols.count(status) == all.count, "seed \(seed) \(status)")
                    #expect(cols.first(status) == Array(all.prefix(shown)), "seed \(seed) \(status) showing \(shown)")
                }
            }
            #expect(TicketStatus.allCases.filter { !Self.sortedColumn(board, $0).isEmpty }.count >= 4, "seed \(seed): varied")
        }
    }
}
