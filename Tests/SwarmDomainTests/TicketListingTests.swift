// Pages of a listing against sorting every match: walking the pages with their cursors must give
// each match exactly once, in order, whatever the page size.
import Testing
import SwarmDomain
import SwarmTestSupport

@Suite struct TicketListingTests {
    /// Every ticket passing `test`, sorted by the order's definition.
    static func definition(_ board: Board, _ order: TicketListing.Order, _ test: (Ticket) -> Bool) -> [TicketID] {
        let all = (0..<board.ticketCount).map { board.tickets[$0] }.filter(test)
        let sorted: [Ticket]
        switch order {
        case .board: sorted = all.sorted { ($0.priority.rawValue, $0.openedAt.millis, $0.id.value) < ($1.priority.rawValue, $1.openedAt.millis, $1.id.value) }
        case .number: sorted = all.sorted { $0.id < $1.id }
        case .quietest: sorted = all.sorted { ($0.lastActivityAt.millis, $0.id.value) < ($1.lastActivityAt.millis, $1.id.value) }
        }
        return sorted.map(\.id)
    }

    static let filters: [(String, @Sendable (Ticket) -> Bool)] = [
        ("everything", { _ in true }),
        ("open", { $0.status.isOpen }),
        ("unassigned P2", { $0.owner == nil && $0.priority == .p2 }),
        ("nothing", { _ in false }),
    ]

    @Test(arguments: [TicketListing.Order.board, .number, .quietest])
    func walkingThePages_GivesEveryMatchOnceInOrder(order: TicketListing.Order) throws {
        for seed in 1...4 as ClosedRange<UInt64> {
            let board = try RandomBoard.make(seed: seed)
            for (name, test) in Self.filters {
                let expected = Self.definition(board, order, test)
                for limit in [1, 7, 50, 1_000] {
                    var seen: [TicketID] = [], cursor: TicketID?, pages = 0
                    repeat {
                        let page = try TicketListing(board, order: order, after: cursor, limit: limit, matching: { test($0.pointee) })
                        #expect(page.total == expected.count, "seed \(seed) \(name) limit \(limit)")
                        #expect(page.skipped == seen.count, "seed \(seed) \(name) limit \(limit)")
                        #expect(page.tickets.count == min(limit, expected.count - seen.count))
                        seen += page.tickets.map(\.id)
                        cursor = page.next
                        pages += 1
                    } while cursor != nil && pages <= expected.count
                    #expect(seen == expected, "seed \(seed) \(name) limit \(limit)")
                    #expect(pages == max(1, (expected.count + limit - 1) / limit), "seed \(seed) \(name) limit \(limit)")
                }
            }
            #expect(Self.definition(board, order, { $0.status.isOpen }).count >= 100, "seed \(seed): big enough to page")
        }
    }

    @Test func theCursor_IsAPlaceInTheOrder_EvenForATicketTheFilterSkips() throws {
        let board = try RandomBoard.make(seed: 9)
        let everything = Self.definition(board, .board, { _ in true })
        let open = Self.definition(board, .board, { $0.status.isOpen })
        // A resolved or closed ticket somewhere in the middle of the board order.
        let cursorAt = try #require(everything.indices.dropFirst(everything.count / 3).first {
            !board.tickets[everything[$0].value - 1].status.isOpen
        })
        let after = Set(everything[(cursorAt + 1)...])
        let page = try TicketListing(board, order: .board, after: everything[cursorAt], limit: 1_000, matching: { $0.pointee.status.isOpen })
        #expect(page.tickets.map(\.id) == open.filter(after.contains))
        #expect(page.skipped == open.count - page.tickets.count)
    }

    @Test func inQuietestOrder_ACursorNoLongerMatching_StartsAgain() throws {
        let board = try RandomBoard.make(seed: 2)
        let quiet: @Sendable (Ticket) -> Bool = { $0.status.isOpen && $0.lastActivityAt.millis < 1_795_000_030_000 }
        let expected = Self.definition(board, .quietest, quiet)
        let gone = try #require((1...board.ticketCount).map(TicketID.init).first { !quiet(board.tickets[$0.value - 1]) })
        let page = try TicketListing(board, order: .quietest, after: gone, limit: 10, matching: { quiet($0.pointee) })
        #expect(page.tickets.map(\.id) == Array(expected.prefix(10)) && page.skipped == 0)
        // A cursor that still matches continues after its place.
        let mid = try TicketListing(board, order: .quietest, after: expected[4], limit: 10, matching: { quiet($0.pointee) })
        #expect(mid.tickets.map(\.id) == Array(expected.dropFirst(5).prefix(10)) && mid.skipped == 5)
    }

    @Test func aCursorNotOnTheBoard_IsRefused_ExceptByNumber() throws {
        let board = try RandomBoard.make(seed: 3)
        let missing = TicketID(board.ticketCount + 1)
        for order in [TicketListing.Order.board, .quietest] {
            #expect(throws: SwarmError.noSuchTicket(missing)) {
                try TicketListing(board, order: order, after: missing, limit: 10, matching: { _ in true })
            }
        }
        let past = try TicketListing(board, order: .number, after: TicketID(board.ticketCount + 50), limit: 10, matching: { _ in true })
        #expect(past.tickets.isEmpty && past.next == nil)
        #expect(past.skipped == board.ticketCount && past.total == board.ticketCount)
    }

    @Test func aBoardInReverseOrder_StillGivesTheFirstTickets() throws {
        // Every ticket opened earlier than the one before: each one displaces the heap's root.
        var board = Board()
        let t0 = Timestamp(seconds: 1_795_000_000)
        _ = try board.apply(.register(name: "alice"), by: "alice", at: t0)
        for i in 0..<3_000 {
            _ = try board.apply(.open(priority: .p3, title: "t\(i)"), by: "alice", at: t0 + Span(millis: Int64(3_000 - i)), policy: .replay)
        }
        let page = try TicketListing(board, order: .board, limit: 1_000, matching: { _ in true })
        #expect(page.tickets.map(\.id.value) == Array((2_001...3_000).reversed()))
        #expect(page.next == TicketID(2_001) && page.remaining == 2_000)
    }
}
