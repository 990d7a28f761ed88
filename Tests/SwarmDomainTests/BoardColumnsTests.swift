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
            let board = try RandomBoard.make(seed: seed)
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
