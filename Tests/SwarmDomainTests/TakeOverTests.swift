// A lead taking a ticket from its owner (`/claim #N take REASON`).
import Testing
import SwarmDomain

@Suite struct TakeOverTests {
    @Test func takeOver_MovesOwnership_KeepsOldOwnerAsFollower_TellsThemWherever() throws {
        var f = Fixture()
        try f.apply(.claim(ticket: one, force: nil), by: "alice")
        try f.apply(.handoff(ticket: one, to: "carol", note: "for you", receiverOffline: false), by: "alice", after: .minutes(2))
        let o = try f.apply(.takeOver(ticket: one, reason: "alice is off shift", force: nil), by: "bob", after: .minutes(3))
        let t = f.ticket()
        #expect(t.owner == "bob" && t.status == .doing && t.pendingHandoff == nil)
        #expect(t.followers.contains("alice") && !t.followers.contains("bob"))
        let event = try #require(o.events.first { $0.name == "ticket.taken_over" })
        // The pending offer to carol is withdrawn, and she hears it wherever she is.
        #expect(event.audience == .roomAndAgents(one, ["alice", "carol"], feed: true))
        #expect(event.text == "bob took over #1 from alice: alice is off shift; the offer to carol is withdrawn")
        #expect(t.timeline.last?.kind == "ticket.taken_over")
    }

    @Test func takeOver_Refusals() throws {
        var f = Fixture()
        #expect(f.code { () throws(SwarmError) in try f.apply(.takeOver(ticket: one, reason: "x", force: nil), by: "bob") } == "not-owned")
        try f.apply(.claim(ticket: one, force: nil), by: "alice")
        #expect(f.code { () throws(SwarmError) in try f.apply(.takeOver(ticket: one, reason: "x", force: nil), by: "alice") } == "already-owner")
        #expect(f.code { () throws(SwarmError) in try f.apply(.takeOver(ticket: one, reason: "  ", force: nil), by: "bob") } == "usage")
        #expect(f.code { () throws(SwarmError) in try f.apply(.claim(ticket: one, force: nil), by: "bob") } == "owned")
    }
}
