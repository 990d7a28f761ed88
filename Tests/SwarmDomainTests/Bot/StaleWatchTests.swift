// The stale ladder as a pure function of (board, now, policy, online): once per step, reset by
// activity, never for resolved or closed tickets, requeue only with the owner offline.
import Foundation
import Testing
@testable import SwarmDomain

@Suite struct StaleWatchTests {
    let t0 = Timestamp(seconds: 1_795_000_000)
    let policy = StalePolicy(after: .minutes(30))

    /// Runs the watch the way the server's cron does: every `tick` from `from` to `to`,
    /// applying what is due, and returns every event said.
    func run(_ b: inout Board, from: Timestamp, to: Timestamp, tick: Span = .seconds(1),
             online: Set<String> = []) throws -> [Event] {
        var events: [Event] = []
        var now = from
        while now <= to {
            for m in StaleWatch.due(b, now: now, policy: policy, online: online) {
                events += try b.apply(m, by: AgentName.bot, at: now).events
            }
            now = now + tick
        }
        return events
    }

    func board(owner: String? = nil, status: TicketStatus = .new) throws -> Board {
        var b = Board()
        _ = try b.apply(.open(priority: .p2, title: "Mail down"), by: "alice", at: t0)
        b.update(TicketID(1)) {
            $0.owner = owner
            $0.status = status
        }
        return b
    }

    @Test func quietTicket_ClimbsTheLadder_OneNoticePerStep() throws {
        var b = try board()
        #expect(try run(&b, from: t0, to: t0 + .minutes(29) + .seconds(59)).isEmpty)
        let first = try run(&b, from: t0 + .minutes(30), to: t0 + .minutes(59))
        #expect(first.map(\.name) == ["ticket.stale"])
        #expect(first[0].audience == .room(TicketID(1)) && first[0].isFromBot)
        #expect(first[0].text == "#1 has been quiet for 30m (stale after 30m); owner: unassigned")
        let second = try run(&b, from: t0 + .minutes(60), to: t0 + .hours(10))
        #expect(second.map(\.audience) == [.roomAndFeed(TicketID(1))])
        #expect(second[0].text == "#1 P2 \"Mail down\" has been quiet for 1h; owner: unassigned")
        // Unassigned: nothing to requeue, and nothing more is said however long it stays quiet.
        #expect(StaleWatch.level(of: b.tickets[0]) == 2)
    }

    @Test func activity_ResetsTheLadder() throws {
        var b = try board()
        #expect(try run(&b, from: t0 + .minutes(30), to: t0 + .minutes(40)).count == 1)
        _ = try b.apply(.comment(ticket: TicketID(1), text: "looking"), by: "bob", at: t0 + .minutes(41))
        #expect(StaleWatch.level(of: b.tickets[0]) == 0)
        #expect(try run(&b, from: t0 + .minutes(41), to: t0 + .minutes(70)).isEmpty)
        let again = try run(&b, from: t0 + .minutes(71), to: t0 + .minutes(72))
        #expect(again.count == 1 && again[0].text.contains("quiet for 30m"))
    }

    @Test(arguments: [TicketStatus.resolved, .closed])
    func resolvedOrClosed_NeverAlert(status: TicketStatus) throws {
        var b = try board(owner: "bob", status: status)
        #expect(try run(&b, from: t0, to: t0 + .days(3), tick: .minutes(1)).isEmpty)
    }

    @Test func fourTimes_OwnerOffline_BackToTheQueue() throws {
        var b = try board(owner: "bob", status: .doing)
        let events = try run(&b, from: t0, to: t0 + .hours(5), tick: .minutes(1))
        #expect(events.map(\.name) == ["ticket.stale", "ticket.stale", "ticket.requeued"])
        #expect(events[0].text.hasSuffix("owner: bob"))
        #expect(events[2].text == "#1 quiet for 2h with bob offline: back to the queue, unassigned")
        #expect(events[2].fields["previous_owner"] == .string("bob"))
        let t = b.tickets[0]
        #expect(t.owner == nil && t.status == .new)
        #expect(t.timeline.last?.kind == "ticket.requeued" && t.timeline.last?.actor == AgentName.bot)
        // The requeue is not activity: the stale clock still runs from the last real activity.
        #expect(t.lastActivityAt == t0)
    }

    @Test func fourTimes_OwnerOnline_StaysAssigned_UntilTheyLeave() throws {
        var b = try board(owner: "bob", status: .doing)
        let events = try run(&b, from: t0, to: t0 + .hours(5), tick: .minutes(1), online: ["bob"])
        #expect(events.count == 2)
        #expect(b.tickets[0].owner == "bob")
        let later = try run(&b, from: t0 + .hours(5), to: t0 + .hours(6), tick: .minutes(1), online: [])
        #expect(later.map(\.name) == ["ticket.requeued"])
    }

    @Test func longOutage_CatchesUpOneStepPerTick() throws {
        var b = try board(owner: "bob")
        let due1 = StaleWatch.due(b, now: t0 + .hours(3), policy: policy, online: [])
        #expect(due1 == [.staleStep(ticket: TicketID(1), level: 1, quietSince: t0, after: .minutes(30))])
        let events = try run(&b, from: t0 + .hours(3), to: t0 + .hours(3) + .seconds(5))
        #expect(events.map(\.name) == ["ticket.stale", "ticket.stale", "ticket.requeued"])
    }

    @Test func replayedStep_AfterActivity_ChangesNothing() throws {
        var b = try board()
        let step = Mutation.staleStep(ticket: TicketID(1), level: 1, quietSince: t0, after: .minutes(30))
        _ = try b.apply(.comment(ticket: TicketID(1), text: "hi"), by: "bob", at: t0 + .minutes(5))
        let before = b
        #expect(try b.apply(step, by: AgentName.bot, at: t0 + .minutes(31)).events.isEmpty)
        #expect(b == before)
    }

    @Test func zeroPolicy_TurnsTheWatchOff() throws {
        let b = try board()
        #expect(StaleWatch.due(b, now: t0 + .days(9), policy: StalePolicy(after: Span(millis: 0)), online: []).isEmpty)
    }

    @Test func ladder_SurvivesAnEncodeDecodeRoundTrip() throws {
        var b = try board()
        _ = try run(&b, from: t0 + .minutes(30), to: t0 + .minutes(31))
        // What a restart sees: the board as the snapshot holds it.
        let copy = try JSONDecoder().decode(Board.self, from: JSONEncoder().encode(b))
        #expect(copy == b)
        #expect(StaleWatch.level(of: copy.tickets[0]) == 1)
        #expect(StaleWatch.due(copy, now: t0 + .minutes(50), policy: policy, online: []).isEmpty)
    }
}
