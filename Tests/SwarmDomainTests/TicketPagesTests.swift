// The board's tickets in pages: reads like an array, encodes like one, and a change after a
// copy copies one page, not all of them.
import Foundation
import Testing
@testable import SwarmDomain

@Suite struct TicketPagesTests {
    func boardWith(_ n: Int) throws -> Board {
        var b = Board()
        for i in 0..<n { _ = try b.apply(.open(priority: .p3, title: "t\(i)"), by: "alice", at: Timestamp(millis: Int64(i))) }
        return b
    }

    @Test func indexesLikeAnArray_AcrossPageBoundaries() throws {
        let b = try boardWith(2 * TicketPages.pageSize + 5)
        let tickets = b.tickets
        #expect(tickets.count == 2 * TicketPages.pageSize + 5)
        for i in [0, 1023, 1024, 1025, 2047, 2048, tickets.count - 1] { #expect(tickets[i].id == TicketID(i + 1)) }
        #expect(Array(tickets.map(\.id.value)) == Array(1...tickets.count))
        #expect(tickets.filter { $0.title.hasSuffix("7") }.count == tickets.indices.filter { $0 % 10 == 7 }.count)
        var n = 0
        for t in tickets { n += t.id.value }
        #expect(n == tickets.count * (tickets.count + 1) / 2)
        var pages = 0
        tickets.forEachPage { pages += 1; #expect($0.count <= TicketPages.pageSize) }
        #expect(pages == 3)
    }

    /// The in-place scans give what a plain filter over copies gives, in order, across pages.
    @Test func inPlaceFilterAndCount_MatchTheCopyingOnes() throws {
        var b = try boardWith(2 * TicketPages.pageSize + 300)
        for i in stride(from: 0, to: b.tickets.count, by: 7) { b.update(TicketID(i + 1)) { $0.owner = "bob" } }
        let tickets = b.tickets
        let copied = tickets.filter { $0.owner == "bob" || $0.title.hasSuffix("3") }
        let inPlace = tickets.filter(inPlace: { $0.pointee.owner == "bob" || $0.pointee.title.hasSuffix("3") })
        #expect(inPlace.count > 500 && inPlace == copied)
        #expect(tickets.count(inPlace: { $0.pointee.owner == "bob" }) == (tickets.count + 6) / 7)
        #expect(tickets.filter(inPlace: { _ in false }).isEmpty && tickets.count(inPlace: { _ in true }) == tickets.count)
    }

    @Test func changesInPlace_AndJoinsParts() throws {
        var t = try boardWith(1500).tickets
        t[1200].title = "changed"
        #expect(t[1200].title == "changed" && t[1199].title == "t1199")
        let aligned = TicketPages(t.prefix(1024)), rest = TicketPages(t.dropFirst(1024))
        #expect(TicketPages(joining: [aligned, rest]) == t)
        let odd = TicketPages(t.prefix(1000)), tail = TicketPages(t.dropFirst(1000))
        #expect(TicketPages(joining: [odd, tail]) == t)
        #expect(Array(TicketPages(joining: [odd, tail])) == Array(t))
    }

    @Test func encodesAsAFlatArray_LikeTicketArraysDid() throws {
        let t = try boardWith(1100).tickets
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        #expect(try e.encode(t) == (try e.encode(Array(t))))
        #expect(try JSONDecoder().decode(TicketPages.self, from: try e.encode(Array(t))) == t)
    }

    /// What the event loop pays on its first change after a snapshot took its copy.
    @Test func changeAfterACopy_CopiesOnlyThePageItTouches() throws {
        var live = try boardWith(5 * TicketPages.pageSize)
        let snapshot = live
        #expect(live.tickets.sharedPages(with: snapshot.tickets) == 5)
        _ = try live.apply(.comment(ticket: TicketID(3000), text: "after the copy"), by: "alice", at: Timestamp(millis: 1))
        #expect(live.tickets.sharedPages(with: snapshot.tickets) == 4)
        #expect(snapshot.tickets[2999].comments.isEmpty && live.tickets[2999].comments.count == 1)
    }
}
