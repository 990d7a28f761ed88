// WIP limits (per agent, per column, forced overrides) and SLA clock states.
import Testing
import SwarmDomain

@Suite struct WIPTests {
    @Test func perAgentLimit_RefusesTheFourthClaim_NamingLimitAndWhatToRelease() throws {
        var f = Fixture(tickets: 4)
        for n in 1...3 { try f.apply(.claim(ticket: TicketID(n), force: nil), by: "alice") }
        let before = f.board
        do {
            try f.apply(.claim(ticket: TicketID(4), force: nil), by: "alice")
            Issue.record("expected wip-limit")
        } catch {
            #expect(error.code == "wip-limit")
            #expect(error.message.contains("limit 3"))
            #expect(error.message.contains("#1 #2 #3"))
            #expect(error.message.contains("force REASON"))
        }
        #expect(f.board == before)
    }

    @Test func force_OverridesAndIsRecordedForEveryone() throws {
        var f = Fixture(tickets: 4)
        for n in 1...3 { try f.apply(.claim(ticket: TicketID(n), force: nil), by: "alice") }
        let out = try f.apply(.claim(ticket: TicketID(4), force: "P1 outage, nobody else on shift"), by: "alice")
        #expect(out.events.map(\.name) == ["ticket.wip_override", "ticket.claimed"])
        #expect(out.events.first?.audience == .roomAndFeed(TicketID(4)))
        #expect(f.ticket(4).timeline.contains { $0.kind == "ticket.wip_override" && $0.text.contains("nobody else on shift") })
        #expect(f.ticket(4).owner == "alice")
    }

    @Test func columnLimit_AppliesToStatusMoves_AndAcceptingAHandoffChecksTheReceiver() throws {
        var f = Fixture(tickets: 3)
        f.policy = Policy(wipPerAgent: 1, wipPerColumn: [.review: 1])
        try f.apply(.setStatus(ticket: one, status: .review, note: nil, force: nil), by: "alice")
        #expect(f.code { () throws(SwarmError) in try f.apply(.setStatus(ticket: TicketID(2), status: .review, note: nil, force: nil), by: "alice") } == "wip-limit")
        try f.apply(.claim(ticket: TicketID(2), force: nil), by: "bob")
        try f.apply(.claim(ticket: TicketID(3), force: nil), by: "alice")
        try f.apply(.handoff(ticket: TicketID(3), to: "bob", note: nil, receiverOffline: false), by: "alice")
        #expect(f.code { () throws(SwarmError) in try f.apply(.acceptHandoff(ticket: TicketID(3), force: nil), by: "bob") } == "wip-limit")
        try f.apply(.acceptHandoff(ticket: TicketID(3), force: "covering"), by: "bob")
        #expect(f.ticket(3).owner == "bob")
    }

    @Test func replayPolicy_NeverRefuses() throws {
        var f = Fixture(tickets: 5)
        f.policy = .replay
        for n in 1...5 { try f.apply(.claim(ticket: TicketID(n), force: nil), by: "alice") }
        #expect(f.board.doing(of: "alice").count == 5)
    }
}

@Suite struct SLATests {
    // P2: first response 1h, resolution 8h; warn at 80 %.
    @Test(arguments: [(Span.minutes(47), SLAState.ok), (.minutes(48), .warn), (.minutes(60), .warn), (.minutes(61), .breached)])
    func firstResponseClock(_ elapsed: Span, _ expected: SLAState) {
        let f = Fixture()
        #expect(SLA.status(of: f.ticket(), policy: f.policy, at: f.at(elapsed)).firstResponse.state == expected)
    }

    @Test func respondingInTime_StaysOk_LateStaysBreached() throws {
        var f = Fixture(tickets: 2)
        try f.apply(.comment(ticket: one, text: "looking"), by: "alice", after: .minutes(10))
        try f.apply(.comment(ticket: TicketID(2), text: "own comment"), by: "opener", after: .minutes(10))
        try f.apply(.comment(ticket: TicketID(2), text: "late"), by: "bob", after: .minutes(90))
        let later = f.at(.hours(2))
        #expect(SLA.status(of: f.ticket(1), policy: f.policy, at: later).firstResponse.state == .ok)
        #expect(SLA.status(of: f.ticket(2), policy: f.policy, at: later).firstResponse.state == .breached)
        #expect(f.ticket(2).firstResponder == "bob")
    }

    @Test func resolutionClock_AndConfiguredTargets() throws {
        var f = Fixture(priority: .p1)
        #expect(SLA.status(of: f.ticket(), policy: f.policy, at: f.at(.minutes(200))).resolution.state == .warn)
        #expect(SLA.status(of: f.ticket(), policy: f.policy, at: f.at(.hours(5))).resolution.state == .breached)
        try f.apply(.resolve(ticket: one, resolution: "fixed"), by: "alice", after: .hours(3))
        #expect(SLA.status(of: f.ticket(), policy: f.policy, at: f.at(.days(2))).resolution.state == .ok)
        let sla = Policy.parseSLA("P1=10m/1h")
        #expect(sla?[.p1] == SLATarget(firstResponse: .minutes(10), resolution: .hours(1)))
        #expect(sla?[.p2] == Policy.defaultSLA[.p2])
        #expect(Policy.parseSLA("P9=1m/1h") == nil)
        #expect(Policy.parseColumnLimits("doing=10,review=5") == [.doing: 10, .review: 5])
        #expect(Policy.parseColumnLimits("closed=1") == nil)
    }

    @Test func stats_MediansAndBreaches() throws {
        var f = Fixture(tickets: 3)
        try f.apply(.claim(ticket: one, force: nil), by: "alice", after: .minutes(5))
        try f.apply(.claim(ticket: TicketID(2), force: nil), by: "bob", after: .minutes(20))
        try f.apply(.resolve(ticket: one, resolution: "ok"), by: "alice", after: .hours(1))
        try f.apply(.rate(ticket: one, score: 4, comment: nil), by: "opener", after: .hours(1))
        let s = BoardStats(board: f.board, policy: f.policy, at: f.at(.hours(2)))
        #expect(s.byStatus[.resolved] == 1 && s.byStatus[.doing] == 1 && s.byStatus[.new] == 1)
        #expect(s.firstResponse.median == .minutes(5) && s.firstResponse.p90 == .minutes(20) && s.firstResponse.count == 2)
        #expect(s.resolve.median == .hours(1) && s.resolve.p90 == .hours(1) && s.resolve.count == 1)
        #expect(s.responseBreaches == 1)  // #3 unanswered after 2h on a 1h target
        #expect(s.averageRating == 4)
        #expect(s.load["bob"]?.doing == 1)
    }
}
