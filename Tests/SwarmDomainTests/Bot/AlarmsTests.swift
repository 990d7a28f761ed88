// Alarms against the full scans they replace: on random boards, random work and random clocks,
// the cron driven by alarms says exactly what the scans of every ticket say, tick by tick; and
// every change a mutation makes to a ticket is named in its outcome, which is what keeps the
// alarms from ever firing late.
import Foundation
import SwarmTestSupport
import Testing
@testable import SwarmDomain

@Suite struct AlarmsTests {
    let t0 = Timestamp(seconds: 1_795_000_000)
    let agents = ["ann", "bob", "cat", "dan", "eve"]
    /// Short clocks, so that every step of every watch happens within a run.
    let policy = Policy(wipPerAgent: nil,
                        sla: [.p1: SLATarget(firstResponse: .minutes(5), resolution: .minutes(30)),
                              .p2: SLATarget(firstResponse: .minutes(10), resolution: .hours(1)),
                              .p3: SLATarget(firstResponse: .minutes(30), resolution: .hours(3)),
                              .p4: SLATarget(firstResponse: .hours(1), resolution: .hours(6))],
                        staleAfter: .minutes(10), inviteTimeout: .minutes(2))

    /// The cron as it was: invites, the stale ladder and the SLA clocks of every ticket.
    func scanTick(_ b: inout Board, now: Timestamp, online: Set<String>) throws -> [Mutation] {
        var said: [Mutation] = []
        for (id, invite) in b.expiredInvites(at: now, timeout: policy.inviteTimeout) {
            said.append(.expireInvite(ticket: id, agent: invite.agent, next: []))
            _ = try b.apply(said.last!, by: AgentName.bot, at: now, policy: policy)
        }
        for m in StaleWatch.due(b, now: now, policy: StalePolicy(after: policy.staleAfter), online: online) {
            said.append(m)
            _ = try b.apply(m, by: AgentName.bot, at: now, policy: policy)
        }
        for m in SLAWatch.due(b, now: now, policy: policy) {
            said.append(m)
            _ = try b.apply(m, by: AgentName.bot, at: now, policy: policy)
        }
        return said
    }

    /// The cron as the server runs it now (Server+Swarmbot.swift): only the tickets woken.
    func alarmTick(_ b: inout Board, _ alarms: inout Alarms, now: Timestamp, online: Set<String>) throws -> [Mutation] {
        var said: [Mutation] = []
        func commit(_ m: Mutation) throws {
            said.append(m)
            let before = b
            let outcome = try b.apply(m, by: AgentName.bot, at: now, policy: policy)
            try expectNamed(outcome, changedFrom: before, to: b, m)
            alarms.note(outcome)
        }
        let woken = alarms.wake(at: now, in: b, online: online)
        for (id, invite) in b.expiredInvites(of: woken, at: now, timeout: policy.inviteTimeout) {
            try commit(.expireInvite(ticket: id, agent: invite.agent, next: []))
        }
        for id in woken {
            if let m = StaleWatch.step(b.tickets, id.value - 1, now: now, policy: StalePolicy(after: policy.staleAfter), online: online) {
                try commit(m)
            }
        }
        var sla: [Mutation] = []
        for id in woken { SLAWatch.alerts(b.tickets, id.value - 1, now: now, targets: policy.slaTargets, into: &sla) }
        for m in sla { try commit(m) }
        for id in woken { alarms.touch(id) }
        return said
    }

    /// Every ticket the mutation changed is named by its outcome.
    func expectNamed(_ outcome: Outcome, changedFrom before: Board, to after: Board, _ m: Mutation) throws {
        var named = Set(outcome.events.compactMap(\.ticket))
        if let t = outcome.ticket { named.insert(t) }
        for i in after.tickets.indices where i >= before.ticketCount || before.tickets[i] != after.tickets[i] {
            #expect(named.contains(TicketID(i + 1)), "\(m) changed #\(i + 1) without naming it")
        }
    }

    /// Every instant at which some watch turns over on some ticket, by the rules as written in
    /// StaleWatch, SLAWatch and the invite timeout (not computed by Alarms).
    func boundaries(_ b: Board) -> [Timestamp] {
        var out: [Timestamp] = []
        for i in b.tickets.indices {
            let t = b.tickets[i]
            let target = policy.target(t.priority)
            for span in [target.firstResponse, target.resolution] {
                out.append(t.openedAt + Span(millis: Int64((Double(span.millis) * 0.8).rounded(.up))))
                out.append(t.openedAt + span + Span(millis: 1))
            }
            for k: Int64 in [1, 2, 4] { out.append(t.lastActivityAt + policy.staleAfter * k) }
            for invite in t.invites { out.append(invite.at + policy.inviteTimeout) }
        }
        return out
    }

    func randomMutation(_ rng: inout SeededRNG, on b: Board, at now: Timestamp, online: Set<String>) -> (Mutation, String) {
        let actor = agents[rng.below(agents.count)]
        let other = agents[rng.below(agents.count)]
        let id = TicketID(1 + rng.below(max(1, b.ticketCount)))
        let priorities: [Priority] = [.p1, .p2, .p3, .p4]
        let statuses: [TicketStatus] = [.new, .doing, .blocked, .review]
        let invite = Invite(agent: other, skills: ["db"], by: actor, message: nil, at: now)
        switch rng.below(b.ticketCount < 3 ? 1 : 18) {
        case 0: return (.open(priority: priorities[rng.below(4)], title: "ticket at \(now.millis)"), actor)
        case 1, 2, 3: return (.comment(ticket: id, text: "looking"), actor)
        case 4: return (.claim(ticket: id, force: nil), actor)
        case 5: return (.release(ticket: id), b.exists(id) ? (b.tickets[id.value - 1].owner ?? actor) : actor)
        case 6: return (.handoff(ticket: id, to: other, note: nil, receiverOffline: !online.contains(other)),
                        b.exists(id) ? (b.tickets[id.value - 1].owner ?? actor) : actor)
        case 7: return (.acceptHandoff(ticket: id, force: nil), b.exists(id) ? (b.tickets[id.value - 1].pendingHandoff?.to ?? actor) : actor)
        case 8: return (.setStatus(ticket: id, status: statuses[rng.below(4)], note: nil, force: nil),
                        b.exists(id) ? (b.tickets[id.value - 1].owner ?? actor) : actor)
        case 9: return (.resolve(ticket: id, resolution: "fixed"), b.exists(id) ? (b.tickets[id.value - 1].owner ?? actor) : actor)
        case 10: return (.reopen(ticket: id, reason: nil), actor)
        case 11: return (.close(ticket: id), actor)
        case 12: return (.setPriority(ticket: id, priority: priorities[rng.below(4)]), actor)
        case 13: return (.link(ticket: id, other: TicketID(1 + rng.below(b.ticketCount)), kind: .related), actor)
        case 14: return (.summon(ticket: id, invites: [invite], wanted: ["db"]), actor)
        case 15: return (.acceptInvite(ticket: id), other)
        case 16: return (.declineInvite(ticket: id, reason: nil, next: []), other)
        default: return (.tag(ticket: id, add: ["t\(rng.below(3))"], remove: ["t\(rng.below(3))"]), actor)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func cronWithAlarms_SaysWhatTheScansSay_TickByTick(seed: UInt64) throws {
        var rng = SeededRNG(state: seed)
        var scanned = Board(), alarmed = Board()
        for a in agents {
            _ = try scanned.apply(.register(name: a), by: a, at: t0)
            _ = try alarmed.apply(.register(name: a), by: a, at: t0)
        }
        var online = Set(agents)
        var alarms = Alarms(board: alarmed, policy: policy, online: online)
        var now = t0
        var said = 0, applied = 0
        for _ in 0..<600 {
            switch rng.below(10) {
            case 0, 1, 2:
                // The clock moves: by a fraction of a tick, a few ticks, minutes or hours.
                let steps: [Span] = [Span(millis: Int64(1 + rng.below(99))), Span(millis: Int64(100 * (1 + rng.below(20)))),
                                     .minutes(Int64(1 + rng.below(12))), .hours(Int64(1 + rng.below(3)))]
                let ahead = boundaries(alarmed).filter { $0 > now }
                if rng.below(2) == 0, !ahead.isEmpty {
                    // To the very millisecond a clock turns over, or the one before it.
                    now = ahead[rng.below(ahead.count)] + Span(millis: -Int64(rng.below(2)))
                } else {
                    now = now + steps[rng.below(steps.count)]
                }
                let expected = try scanTick(&scanned, now: now, online: online)
                let got = try alarmTick(&alarmed, &alarms, now: now, online: online)
                #expect(got == expected, "tick at +\((now - t0).millis) ms")
                said += expected.count
            case 3:
                let a = agents[rng.below(agents.count)]
                if online.remove(a) != nil { alarms.wentOffline(a) } else { online.insert(a) }
            default:
                let (m, actor) = randomMutation(&rng, on: alarmed, at: now, online: online)
                let before = alarmed
                let a = try? scanned.apply(m, by: actor, at: now, policy: policy)
                let b = try? alarmed.apply(m, by: actor, at: now, policy: policy)
                #expect(a == b)
                if let outcome = b {
                    applied += 1
                    try expectNamed(outcome, changedFrom: before, to: alarmed, m)
                    alarms.note(outcome)
                }
            }
            #expect(scanned == alarmed)
            if scanned != alarmed { return }
        }
        // The run exercised the watches and the workflow, not just an idle board.
        #expect(said >= 20 && applied >= 100, "said \(said), applied \(applied)")
    }

    @Test func aTickWithNothingDue_WakesNothing_AndEachTicketOnceWhenDue() throws {
        var b = Board()
        for i in 0..<1000 {
            _ = try b.apply(.open(priority: .p4, title: "ticket \(i)"), by: "ann", at: t0 + .seconds(Int64(i)))
        }
        var alarms = Alarms(board: b, policy: policy, online: [])
        #expect(alarms.count == 1000)
        #expect(alarms.wake(at: t0 + .minutes(9), in: b, online: []).isEmpty)
        // Stale after 10 minutes: the tickets opened in the first 5 seconds are due at 10m05s.
        let due = alarms.wake(at: t0 + .minutes(10) + .seconds(5), in: b, online: [])
        #expect(due == (1...6).map { TicketID($0) })
        #expect(alarms.count == 994)
        #expect(alarms.wake(at: t0 + .minutes(10) + .seconds(5), in: b, online: []).isEmpty)
        // A woken ticket stays disarmed until touched: #2 to #6 do not come back; #1, touched
        // with its step still not taken, wakes at the next tick.
        alarms.touch(TicketID(1))
        #expect(alarms.wake(at: t0 + .minutes(10) + .seconds(5) + Span(millis: 100), in: b, online: []) == [TicketID(1)])
        #expect(alarms.count == 994)
    }

    @Test func aStormOfDueTickets_IsWokenInBatches_LongestOverdueFirst_EachOnce() throws {
        var b = Board()
        // #1 opened last and #1000 first, so #1000 is the longest overdue.
        for i in 0..<1000 {
            _ = try b.apply(.open(priority: .p4, title: "ticket \(i)"), by: "ann", at: t0 + .seconds(Int64(1000 - i)))
        }
        var alarms = Alarms(board: b, policy: policy, online: [])
        let late = t0 + .hours(2)
        var seen: [TicketID] = []
        var batches = 0
        while true {
            let batch = alarms.wake(at: late, in: b, online: [], limit: 256)
            if batch.isEmpty { break }
            #expect(batch.count <= 256 && batch == batch.sorted { $0.value < $1.value })
            seen += batch
            batches += 1
        }
        #expect(batches == 4)
        #expect(Set(seen).count == 1000 && seen.count == 1000)
        // The first batch holds the 256 longest overdue: the last 256 opened, #745 to #1000.
        #expect(Array(seen.prefix(256)) == (745...1000).map { TicketID($0) })
    }

    @Test func rearmingEarlierOverAndOver_KeepsTheHeapBounded() throws {
        var b = Board()
        _ = try b.apply(.open(priority: .p4, title: "busy"), by: "ann", at: t0)
        var alarms = Alarms(board: b, policy: policy, online: [])
        let longAgo = t0 + Span(millis: -3_600_000 * 6000)
        // Each time the ticket's stale clock starts an hour earlier than before, so each tick
        // arms it earlier and leaves the previous entry behind in the heap.
        for k in 1...5000 {
            b.update(TicketID(1)) { $0.lastActivityAt = t0 + Span(millis: -3_600_000 * Int64(k)) }
            alarms.touch(TicketID(1))
            #expect(alarms.wake(at: longAgo, in: b, online: []).isEmpty)
        }
        #expect(alarms.count == 1)
        #expect(alarms.heap.count <= 2 * alarms.count + 1024)
        #expect(alarms.wake(at: t0 + Span(millis: -3_600_000 * 5000) + policy.staleAfter, in: b, online: []) == [TicketID(1)])
        #expect(alarms.count == 0)
    }

    @Test func requeue_WaitsForTheOwnerToGoOffline_ThenComesNextTick() throws {
        var b = Board()
        _ = try b.apply(.open(priority: .p4, title: "printer"), by: "ann", at: t0)
        _ = try b.apply(.claim(ticket: TicketID(1), force: nil), by: "bob", at: t0, policy: policy)
        let stale = StalePolicy(after: policy.staleAfter)
        var alarms = Alarms(board: b, policy: policy, online: ["bob"])
        for level in 1...2 {
            let now = t0 + policy.staleAfter * Int64(level)
            #expect(alarms.wake(at: now, in: b, online: ["bob"]) == [TicketID(1)])
            let m = try #require(StaleWatch.step(b.tickets, 0, now: now, policy: stale, online: ["bob"]))
            _ = try b.apply(m, by: AgentName.bot, at: now)
            alarms.touch(TicketID(1))
        }
        // Level 2 said; the requeue (due at 4× = 40m) waits for bob, who is online: hours pass
        // and nothing wakes (the ticket's next SLA alert is at 4h48m).
        #expect(alarms.wake(at: t0 + .hours(3), in: b, online: ["bob"]).isEmpty)
        alarms.wentOffline("bob")
        let gone = t0 + .hours(3) + .seconds(1)
        #expect(alarms.wake(at: gone, in: b, online: []) == [TicketID(1)])
        #expect(StaleWatch.step(b.tickets, 0, now: gone, policy: stale, online: []) ==
                .staleStep(ticket: TicketID(1), level: 3, quietSince: t0, after: policy.staleAfter))
    }
}
