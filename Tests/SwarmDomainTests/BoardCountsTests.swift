// The counts the board keeps at every change against counting the tickets afresh.
import Foundation
import Testing
@testable import SwarmDomain

@Suite struct BoardCountsTests {
    @Test func afterEveryChange_TheCountsAreThoseOfAFreshScan() throws {
        var changedOwner = 0
        for seed in 1...4 as ClosedRange<UInt64> {
            var previous: [String: Int] = [:]
            let board = try RandomBoard.make(seed: seed, steps: 1_500) { board, m in
                #expect(board.counts == BoardCounts(board.tickets), "seed \(seed) after \(m)")
                if board.loads() != previous { changedOwner += 1 }
                previous = board.loads()
            }
            let all = (0..<board.ticketCount).map { board.tickets[$0] }
            for name in ["alice", "bob", "carol", "dave", "erin"] {
                #expect(board.load(of: name) == all.filter { $0.owner == name && $0.status.isOpen }.count)
                #expect(board.doingCounts()[name, default: 0] == all.filter { $0.owner == name && $0.status == .doing }.count)
            }
            for status in TicketStatus.allCases {
                #expect(board.counts.count(status) == all.filter { $0.status == status }.count)
            }
        }
        #expect(changedOwner > 500, "the loads moved often enough to mean something")
    }

    @Test func aDecodedBoard_CountsItsTickets() throws {
        let board = try RandomBoard.make(seed: 7)
        let decoded = try JSONDecoder().decode(Board.self, from: JSONEncoder().encode(board))
        #expect(decoded.counts == board.counts && decoded == board)
        #expect(!board.loads().isEmpty)
    }

    /// The refusal as the scans that BoardCounts replaced would have worded it.
    static func definition(_ board: Board, _ id: TicketID, owner: String?, to status: TicketStatus, _ policy: Policy) -> String? {
        let all = (0..<board.ticketCount).map { board.tickets[$0] }
        func list(_ ids: [TicketID]) -> String { ids.prefix(6).map(\.description).joined(separator: " ") + (ids.count > 6 ? " …" : "") }
        if status == .doing, let owner, let limit = policy.wipPerAgent {
            let mine = all.filter { $0.status == .doing && $0.owner == owner && $0.id != id }.map(\.id)
            if mine.count >= limit {
                return "\(owner) already has \(mine.count) ticket\(mine.count == 1 ? "" : "s") in doing (limit \(limit), --wip-per-agent);"
                    + " release or move one on first: \(list(mine))"
            }
        }
        let current = board.tickets[id.value - 1].status
        if let limit = policy.wipPerColumn[status], current != status {
            let inColumn = all.filter { $0.status == status }.map(\.id)
            if inColumn.count >= limit {
                return "\(status) holds \(inColumn.count) ticket\(inColumn.count == 1 ? "" : "s") (limit \(limit), --wip \(status)=\(limit));"
                    + " move one on first: \(list(inColumn))"
            }
        }
        return nil
    }

    @Test func wipChecks_AnswerAsScanningDid() throws {
        var refusals = 0, allowed = 0
        for seed in 1...3 as ClosedRange<UInt64> {
            let board = try RandomBoard.make(seed: seed, steps: 1_000)
            let policies = [Policy(wipPerAgent: 1, wipPerColumn: [.review: 2]), Policy(wipPerAgent: 5, wipPerColumn: [.doing: 12, .blocked: 3]),
                            Policy(wipPerAgent: 40, wipPerColumn: [:])]
            for policy in policies {
                for n in stride(from: 1, through: board.ticketCount, by: 3) {
                    for owner in ["alice", "bob", "carol", nil] as [String?] {
                        for status in [TicketStatus.doing, .review, .blocked] {
                            let id = TicketID(n)
                            let got = WIPPolicy.violation(on: board, ticket: id, owner: owner, to: status, policy: policy)
                            #expect(got == Self.definition(board, id, owner: owner, to: status, policy), "seed \(seed) #\(n) \(owner ?? "-") \(status)")
                            if got == nil { allowed += 1 } else { refusals += 1 }
                        }
                    }
                }
            }
        }
        #expect(refusals > 1_000 && allowed > 1_000, "both answers exercised: \(refusals) refused, \(allowed) allowed")
    }
}
