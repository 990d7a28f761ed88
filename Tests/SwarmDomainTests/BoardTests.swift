// Tickets, comments and history on the pure board: values in, values out.
import Testing
import SwarmDomain

@Suite struct BoardTests {
    let t0 = Timestamp(seconds: 1_795_000_000)

    @Test func ticketsAreNumberedFromOne() throws {
        var b = Board()
        let one = try b.apply(.open(priority: .p2, title: "Printer jam"), by: "alice", at: t0)
        let two = try b.apply(.open(priority: .p1, title: "VPN down"), by: "bob", at: t0 + .seconds(5))
        #expect(one.ticket == TicketID(1) && two.ticket == TicketID(2))
        let t = try b.ticket(TicketID(2))
        #expect(t.title == "VPN down" && t.priority == .p1 && t.status == .new && t.openedBy == "bob")
        #expect(one.events.map(\.name) == ["ticket.opened"])
        #expect(one.events.first?.audience == .roomAndFeed(TicketID(1)))
    }

    @Test func emptyOrOverlongTitle_IsRefused_BoardUnchanged() {
        var b = Board()
        let before = b
        #expect(throws: SwarmError.self) { try b.apply(.open(priority: .p3, title: "   "), by: "a", at: t0) }
        #expect(throws: SwarmError.self) {
            try b.apply(.open(priority: .p3, title: String(repeating: "x", count: Board.maxTitleLength + 1)), by: "a", at: t0)
        }
        #expect(b == before)
    }

    @Test func commentIds_AreUniqueAcrossTickets_AndUpdateActivity() throws {
        var b = Board()
        _ = try b.apply(.open(priority: .p3, title: "A"), by: "a", at: t0)
        _ = try b.apply(.open(priority: .p3, title: "B"), by: "a", at: t0)
        let c1 = try b.apply(.comment(ticket: TicketID(1), text: "first"), by: "a", at: t0 + .seconds(1))
        let c2 = try b.apply(.comment(ticket: TicketID(2), text: "second"), by: "b", at: t0 + .seconds(2))
        let c3 = try b.apply(.comment(ticket: TicketID(1), text: "third"), by: "b", at: t0 + .seconds(3))
        #expect([c1.comment, c2.comment, c3.comment] == [CommentID(1), CommentID(2), CommentID(3)])
        let t = try b.ticket(TicketID(1))
        #expect(t.comments.map(\.text) == ["first", "third"])
        #expect(t.lastActivityAt == t0 + .seconds(3))
        #expect(t.timeline.map(\.kind) == ["ticket.opened", "comment", "comment"])
        #expect(c3.events.first?.audience == .room(TicketID(1)))
    }

    @Test func commentOnMissingTicket_IsNoSuchTicket() {
        var b = Board()
        do {
            _ = try b.apply(.comment(ticket: TicketID(9), text: "hello?"), by: "a", at: t0)
            Issue.record("comment on a missing ticket accepted")
        } catch {
            #expect(error == .noSuchTicket(TicketID(9)))
            #expect(error.message == "#9 does not exist")
        }
        #expect(b.nextCommentID == 1)
    }

    @Test func recentComments_AreTheLastOnesOldestFirst() throws {
        var b = Board()
        _ = try b.apply(.open(priority: .p3, title: "A"), by: "a", at: t0)
        for i in 1...30 { _ = try b.apply(.comment(ticket: TicketID(1), text: "n\(i)"), by: "a", at: t0) }
        let recent = try b.ticket(TicketID(1)).recentComments(20)
        #expect(recent.map(\.text) == (11...30).map { "n\($0)" })
    }

    @Test func registerRemembersNames() throws {
        var b = Board()
        _ = try b.apply(.register(name: "alice"), by: "alice", at: t0)
        #expect(b.hasSeen("alice") && !b.hasSeen("bob"))
    }

    /// Time left rounds up under a minute (an SLA warning never says "within 0s"); ages round down.
    @Test(arguments: [(800, "1s", "0s"), (1_000, "1s", "1s"), (2_001, "3s", "2s"), (0, "0s", "0s"), (-5, "0s", "0s"), (150_000, "2m", "2m")])
    func timeLeft_RoundsUp_AgeRoundsDown(millis: Int64, left: String, age: String) {
        #expect(Span(millis: millis).roughLeft == left)
        #expect(Span(millis: millis).rough == age)
    }

    @Test(arguments: [("45s", 45_000), ("30m", 1_800_000), ("4h", 14_400_000), ("2d", 172_800_000), ("500ms", 500), ("90", 90_000)])
    func spans_Parse(text: String, millis: Int64) {
        #expect(Span(parsing: text)?.millis == millis)
    }

    @Test(arguments: ["", "m", "-5m", "4x", "1.5h"])
    func badSpans_DoNotParse(text: String) {
        #expect(Span(parsing: text) == nil)
    }

    @Test func agentNames_FollowTheRules() {
        #expect(AgentName.isValid("alice.b-2_x"))
        #expect(!AgentName.isValid(""))
        #expect(!AgentName.isValid(Substring(String(repeating: "a", count: 33))))
        #expect(!AgentName.isValid("bad name"))
        #expect(!AgentName.isValid("émile"))
    }
}
