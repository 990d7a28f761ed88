// Claim, release, handoff, accept and decline on a pure Board with an injected clock.
import Testing
import SwarmDomain

/// A board with agents registered and one ticket opened by `opener` at `t0`.
struct Fixture {
    var board = Board()
    let t0 = Timestamp(seconds: 1_795_000_000)
    var policy = Policy()

    init(agents: [String] = ["opener", "alice", "bob", "carol"], tickets: Int = 1, priority: Priority = .p2) {
        for a in agents { _ = try? board.apply(.register(name: a), by: a, at: t0) }
        for i in 0..<tickets { _ = try? board.apply(.open(priority: priority, title: "ticket \(i + 1)"), by: "opener", at: t0) }
    }

    func at(_ s: Span) -> Timestamp { t0 + s }

    @discardableResult
    mutating func apply(_ m: Mutation, by a: String, after s: Span = .minutes(1)) throws(SwarmError) -> Outcome {
        try board.apply(m, by: a, at: at(s), policy: policy)
    }

    func code(_ body: () throws(SwarmError) -> Void) -> String? {
        do { try body(); return nil } catch { return error.code }
    }

    func ticket(_ n: Int = 1) -> Ticket { board.tickets[n - 1] }
}

let one = TicketID(1)

@Suite struct OwnershipTests {
    @Test func claim_NewTicketMovesToDoing_AndStopsFirstResponseClock() throws {
        var f = Fixture()
        let out = try f.apply(.claim(ticket: one, force: nil), by: "alice", after: .minutes(3))
        #expect(f.ticket().owner == "alice")
        #expect(f.ticket().status == .doing)
        #expect(f.ticket().firstResponseAt == f.at(.minutes(3)))
        #expect(f.ticket().firstResponder == "alice")
        #expect(out.events.map(\.name) == ["ticket.claimed"])
        #expect(out.events.first?.audience == .roomAndFeed(one))
        #expect(f.ticket().timeline.last?.kind == "ticket.claimed")
    }

    @Test func claim_OwnedByAnother_IsRefusedNamingTheOwner() throws {
        var f = Fixture()
        try f.apply(.claim(ticket: one, force: nil), by: "alice")
        let before = f.board
        do {
            try f.apply(.claim(ticket: one, force: nil), by: "bob")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == "owned")
            #expect(error.message.contains("alice"))
        }
        #expect(f.board == before)
        #expect(f.code { () throws(SwarmError) in try f.apply(.claim(ticket: one, force: nil), by: "alice") } == "already-owner")
    }

    @Test func claimByOpener_DoesNotCountAsFirstResponse() throws {
        var f = Fixture()
        try f.apply(.claim(ticket: one, force: nil), by: "opener")
        #expect(f.ticket().firstResponseAt == nil)
    }

    @Test func release_GivesItBackToTheQueue_OnlyForTheOwner() throws {
        var f = Fixture()
        try f.apply(.claim(ticket: one, force: nil), by: "alice")
        #expect(f.code { () throws(SwarmError) in try f.apply(.release(ticket: one), by: "bob") } == "not-owner")
        try f.apply(.release(ticket: one), by: "alice")
        #expect(f.ticket().owner == nil)
        #expect(f.ticket().status == .new)
    }

    @Test func handoff_StaysPendingUntilAccepted_ThenOldOwnerFollows() throws {
        var f = Fixture()
        try f.apply(.claim(ticket: one, force: nil), by: "alice")
        let out = try f.apply(.handoff(ticket: one, to: "bob", note: "needs DB access", receiverOffline: false), by: "alice")
        #expect(out.events.first?.audience == .roomAndAgents(one, ["bob"], feed: true))
        #expect(f.ticket().owner == "alice")
        #expect(f.ticket().pendingHandoff?.to == "bob")
        #expect(f.ticket().pendingHandoff?.note == "needs DB access")
        #expect(f.board.agents["bob"]?.notices.isEmpty == true)
        #expect(f.code { () throws(SwarmError) in try f.apply(.acceptHandoff(ticket: one, force: nil), by: "carol") } == "nothing-pending")
        try f.apply(.acceptHandoff(ticket: one, force: nil), by: "bob")
        #expect(f.ticket().owner == "bob")
        #expect(f.ticket().pendingHandoff == nil)
        #expect(f.ticket().followers == ["alice"])
        #expect(f.ticket().timeline.map(\.kind).suffix(3) == ["ticket.claimed", "ticket.handoff", "ticket.handoff_accepted"])
    }

    @Test func handoff_ToOfflineAgent_LeavesANotice_DeclineKeepsOwner() throws {
        var f = Fixture()
        try f.apply(.claim(ticket: one, force: nil), by: "alice")
        try f.apply(.handoff(ticket: one, to: "bob", note: nil, receiverOffline: true), by: "alice")
        #expect(f.board.agents["bob"]?.notices.map(\.event) == ["ticket.handoff"])
        try f.apply(.clearNotices, by: "bob")
        #expect(f.board.agents["bob"]?.notices.isEmpty == true)
        try f.apply(.declineHandoff(ticket: one, reason: "on leave"), by: "bob")
        #expect(f.ticket().owner == "alice")
        #expect(f.ticket().pendingHandoff == nil)
        #expect(f.ticket().timeline.last?.text.contains("on leave") == true)
    }

    @Test func handoff_Refusals() throws {
        var f = Fixture()
        #expect(f.code { () throws(SwarmError) in try f.apply(.handoff(ticket: one, to: "bob", note: nil, receiverOffline: false), by: "alice") } == "not-owner")
        try f.apply(.claim(ticket: one, force: nil), by: "alice")
        #expect(f.code { () throws(SwarmError) in try f.apply(.handoff(ticket: one, to: "ghost", note: nil, receiverOffline: true), by: "alice") } == "no-such-agent")
        #expect(f.code { () throws(SwarmError) in try f.apply(.handoff(ticket: one, to: "alice", note: nil, receiverOffline: false), by: "alice") } == "already-owner")
        try f.apply(.handoff(ticket: one, to: "bob", note: nil, receiverOffline: false), by: "alice")
        #expect(f.code { () throws(SwarmError) in try f.apply(.handoff(ticket: one, to: "carol", note: nil, receiverOffline: false), by: "alice") } == "handoff-pending")
        #expect(f.code { () throws(SwarmError) in try f.apply(.claim(ticket: TicketID(9), force: nil), by: "alice") } == "no-such-ticket")
    }

    @Test func releasingWithAHandoffPending_WithdrawsTheOfflineNotice() throws {
        var f = Fixture()
        try f.apply(.claim(ticket: one, force: nil), by: "alice")
        try f.apply(.handoff(ticket: one, to: "bob", note: nil, receiverOffline: true), by: "alice")
        try f.apply(.release(ticket: one), by: "alice")
        #expect(f.board.agents["bob"]?.notices.isEmpty == true)
        #expect(f.ticket().pendingHandoff == nil)
    }
}
