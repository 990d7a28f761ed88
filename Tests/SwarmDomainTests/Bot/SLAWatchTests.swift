// SLA alerts as a pure function of (board, now, policy): one warning at 80 % and one breach
// notice per clock, never for resolved/closed tickets or stopped clocks, saved with the board.
import Foundation
import Testing
@testable import SwarmDomain

@Suite struct SLAWatchTests {
    let t0 = Timestamp(seconds: 1_795_000_000)
    /// P1: first response 15m, resolution 4h (the defaults).
    let policy = Policy()
    let one = TicketID(1)

    /// Runs the watch the way the server's cron does: every `tick` from `from` to `to`, applying
    /// what is due (journaled under the replay policy, as a restart would), and returns the events.
    func run(_ b: inout Board, from: Timestamp, to: Timestamp, tick: Span = .seconds(1)) throws -> [Event] {
        var events: [Event] = []
        var now = from
        while now <= to {
            for m in SLAWatch.due(b, now: now, policy: policy) {
                events += try b.apply(m, by: AgentName.bot, at: now, policy: .replay).events
            }
            now = now + tick
        }
        return events
    }

    func board(_ p: Priority = .p1, owner: String? = nil) throws -> Board {
        var b = Board()
        _ = try b.apply(.open(priority: p, title: "VPN down"), by: "alice", at: t0)
        b.update(TicketID(1)) { $0.owner = owner }
        return b
    }

    @Test func eachClock_WarnsOnceAt80Percent_AndBreachesOnce() throws {
        var b = try board()
        let events = try run(&b, from: t0, to: t0 + .hours(6), tick: .seconds(10))
        #expect(events.map(\.name) == ["sla.warning", "sla.breached", "sla.warning", "sla.breached"])
        #expect(events.map { $0.fields["clock"] } == ["first_response", "first_response", "resolution", "resolution"])
        #expect(events.map(\.at) == [t0 + .minutes(12), t0 + .minutes(15) + .seconds(10),
                                     t0 + .hours(3) + .minutes(12), t0 + .hours(4) + .seconds(10)])
        #expect(events.allSatisfy { $0.isFromBot && $0.audience == .roomAndFeed(one) })
        #expect(events[0].text == "SLA warning: #1 P1 \"VPN down\" needs a first response within 3m (80% of 15m gone); owner: unassigned")
        #expect(events[1].text == "SLA breached: #1 P1 \"VPN down\" has had no first response within 15m; owner: unassigned")
        #expect(events[2].text == "SLA warning: #1 P1 \"VPN down\" must be resolved within 48m (80% of 4h gone); owner: unassigned")
        #expect(events[3].text == "SLA breached: #1 P1 \"VPN down\" is not resolved within 4h; owner: unassigned")
        #expect(events[0].fields["due"] == .string((t0 + .minutes(15)).rfc3339))
        #expect(events[0].fields["target"] == "15m" && events[0].fields["owner"] == .null)
        #expect(events[3].fields["elapsed_ms"] == .int(4 * 3_600_000 + 10_000))
        // Said once: days more of cron say nothing.
        #expect(try run(&b, from: t0 + .hours(6), to: t0 + .days(2), tick: .minutes(1)).isEmpty)
        #expect(b.tickets[0].slaAlerts == SLAMarks(firstResponse: .breached, resolution: .breached))
        #expect(b.tickets[0].timeline.filter { $0.actor == AgentName.bot }.map(\.kind)
                == ["sla.warning", "sla.breached", "sla.warning", "sla.breached"])
    }

    @Test func warning_FiresAtExactly80Percent_BreachOnlyPastTheTarget() throws {
        var b = try board()
        #expect(SLAWatch.due(b, now: t0 + Span(millis: 12 * 60_000 - 1), policy: policy).isEmpty)
        let atWarn = SLAWatch.due(b, now: t0 + .minutes(12), policy: policy)
        #expect(atWarn == [.slaAlert(ticket: one, clock: .firstResponse, level: .warning, target: .minutes(15))])
        _ = try b.apply(atWarn[0], by: AgentName.bot, at: t0 + .minutes(12))
        // Exactly at the due time the target is met, not missed; one millisecond later it is.
        #expect(SLAWatch.due(b, now: t0 + .minutes(15), policy: policy).isEmpty)
        #expect(SLAWatch.due(b, now: t0 + .minutes(15) + Span(millis: 1), policy: policy)
                == [.slaAlert(ticket: one, clock: .firstResponse, level: .breached, target: .minutes(15))])
    }

    @Test func owner_IsNamed_AndHearsItWherever() throws {
        var b = try board(owner: "bob")
        let events = try run(&b, from: t0 + .minutes(12), to: t0 + .minutes(12))
        #expect(events.count == 1)
        #expect(events[0].audience == .roomAndAgents(one, ["bob"], feed: true))
        #expect(events[0].text.hasSuffix("; owner: bob") && events[0].fields["owner"] == "bob")
    }

    @Test func firstResponse_StopsItsClock_TheResolutionClockRunsOn() throws {
        var b = try board()
        _ = try b.apply(.comment(ticket: one, text: "on it"), by: "bob", at: t0 + .minutes(5))
        let events = try run(&b, from: t0, to: t0 + .hours(5), tick: .minutes(1))
        #expect(events.map(\.name) == ["sla.warning", "sla.breached"])
        #expect(events.allSatisfy { $0.fields["clock"] == "resolution" })
        #expect(b.tickets[0].slaAlerts?.firstResponse == nil)
    }

    @Test(arguments: [TicketStatus.resolved, .closed])
    func resolvedOrClosed_NeverAlert(status: TicketStatus) throws {
        var b = try board()
        _ = try b.apply(.resolve(ticket: one, resolution: "rebooted"), by: "alice", at: t0 + .minutes(1))
        if status == .closed { _ = try b.apply(.close(ticket: one), by: "alice", at: t0 + .minutes(2)) }
        #expect(try run(&b, from: t0, to: t0 + .days(3), tick: .minutes(1)).isEmpty)
        #expect(b.tickets[0].slaAlerts == nil)
    }

    @Test func anAlert_DueBeforeTheTicketWasResolved_IsANoOpAfterwards() throws {
        var b = try board()
        let late = SLAWatch.due(b, now: t0 + .minutes(20), policy: policy)
        _ = try b.apply(.resolve(ticket: one, resolution: "done"), by: "alice", at: t0 + .minutes(19))
        let before = b
        for m in late { #expect(try b.apply(m, by: AgentName.bot, at: t0 + .minutes(20)).events.isEmpty) }
        #expect(b == before)
    }

    @Test func catchUp_AfterALongGap_SaysOnlyTheBreach() throws {
        var b = try board()
        // The server was down from t0 until 5 h later: both levels of both clocks are due.
        let due = SLAWatch.due(b, now: t0 + .hours(5), policy: policy)
        #expect(due == [.slaAlert(ticket: one, clock: .firstResponse, level: .breached, target: .minutes(15)),
                        .slaAlert(ticket: one, clock: .resolution, level: .breached, target: .hours(4))])
        let events = try run(&b, from: t0 + .hours(5), to: t0 + .hours(6))
        #expect(events.map(\.name) == ["sla.breached", "sla.breached"])
        // The skipped warning never follows.
        #expect(try run(&b, from: t0 + .hours(6), to: t0 + .hours(7)).isEmpty)
    }

    @Test func replayedAlert_AlreadySaid_ChangesNothing() throws {
        var b = try board()
        let warn = Mutation.slaAlert(ticket: one, clock: .firstResponse, level: .warning, target: .minutes(15))
        _ = try b.apply(warn, by: AgentName.bot, at: t0 + .minutes(12))
        _ = try b.apply(.slaAlert(ticket: one, clock: .firstResponse, level: .breached, target: .minutes(15)),
                        by: AgentName.bot, at: t0 + .minutes(16))
        let before = b
        #expect(try b.apply(warn, by: AgentName.bot, at: t0 + .minutes(17)).events.isEmpty)
        #expect(b == before)
    }

    @Test func reopenedPastDue_TheResolutionBreachIsSaidOnce() throws {
        var b = try board()
        _ = try run(&b, from: t0, to: t0 + .hours(1), tick: .minutes(1))  // first-response alerts only
        _ = try b.apply(.resolve(ticket: one, resolution: "rebooted"), by: "bob", at: t0 + .hours(1))
        _ = try b.apply(.reopen(ticket: one, reason: "back again"), by: "alice", at: t0 + .hours(5))
        let events = try run(&b, from: t0 + .hours(5), to: t0 + .hours(9), tick: .minutes(1))
        #expect(events.map(\.name) == ["sla.breached"])
        #expect(events.first?.fields["clock"] == "resolution")
    }

    @Test func marks_SurviveAnEncodeDecodeRoundTrip() throws {
        var b = try board(.p2)
        _ = try run(&b, from: t0 + .minutes(48), to: t0 + .minutes(48))  // P2 first response: 1h, 80% = 48m
        #expect(b.tickets[0].slaAlerts?.firstResponse == .warning)
        // What a restart sees: the board as the snapshot holds it.
        let copy = try JSONDecoder().decode(Board.self, from: JSONEncoder().encode(b))
        #expect(copy == b)
        #expect(SLAWatch.due(copy, now: t0 + .minutes(50), policy: policy).isEmpty)
        #expect(SLAWatch.due(copy, now: t0 + .minutes(61), policy: policy)
                == [.slaAlert(ticket: one, clock: .firstResponse, level: .breached, target: .hours(1))])
    }

    @Test func ticketsSavedBeforeTheMarksExisted_StillLoad() throws {
        let b = try board()
        let json = try #require(String(data: JSONEncoder().encode(b), encoding: .utf8))
        #expect(!json.contains("slaAlerts") && !json.contains("lastAssigned"))
        let copy = try JSONDecoder().decode(Board.self, from: Data(json.utf8))
        #expect(copy.tickets[0].slaAlerts == nil && copy.lastAssigned == nil)
    }

    @Test func manyTickets_OnlyDueOnesAlert() throws {
        var b = Board()
        for i in 0..<50 {
            _ = try b.apply(.open(priority: .p2, title: "t\(i)"), by: "alice", at: t0 + .minutes(Int64(i)))
        }
        // At t0 + 60m, tickets opened at or before t0 + 12m have used 48m (80 % of 1h) or more.
        let due = SLAWatch.due(b, now: t0 + .minutes(60), policy: policy)
        #expect(due.count == 13)
        #expect(due.allSatisfy { if case .slaAlert(_, .firstResponse, .warning, _) = $0 { true } else { false } })
    }
}
