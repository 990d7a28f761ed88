// /whois's one pass against the separate scans it replaced, and /show's helpers.
import Testing
import SwarmDomain
import SwarmTestSupport

@Suite struct AgentRecordTests {
    @Test func onePass_MatchesCountingEachThingOnItsOwn() throws {
        for seed in 1...4 as ClosedRange<UInt64> {
            var board = try RandomBoard.make(seed: seed)
            // Swarms: some agents joined some tickets' swarms through an invite.
            let t0 = Timestamp(seconds: 1_795_000_100)
            for id in stride(from: 1, through: board.ticketCount, by: 7) {
                let invite = Invite(agent: ["bob", "carol"][id % 2], skills: ["db"], by: "alice", message: nil, at: t0)
                _ = try? board.apply(.summon(ticket: TicketID(id), invites: [invite], wanted: ["db"]), by: "alice", at: t0, policy: .replay)
                _ = try? board.apply(.acceptInvite(ticket: TicketID(id)), by: invite.agent, at: t0, policy: .replay)
            }
            let all = (0..<board.ticketCount).map { board.tickets[$0] }
            for name in ["alice", "bob", "carol", "dave", "erin", "nobody"] {
                let r = AgentRecord(of: name, on: board)
                #expect(r.load == board.load(of: name), "seed \(seed) \(name)")
                #expect(r.doing == board.doing(of: name))
                #expect(r.swarms == all.filter { $0.swarm.contains(name) }.map(\.id))
                #expect(r.firstResponses == all.filter { $0.firstResponder == name }.count)
                #expect(r.resolutions == all.filter { $0.resolvedBy == name }.count)
                #expect(r.opened == all.filter { $0.openedBy == name }.count)
            }
            #expect(["bob", "carol"].allSatisfy { !AgentRecord(of: $0, on: board).swarms.isEmpty }, "seed \(seed): swarms joined")
            #expect(AgentRecord(of: "alice", on: board).opened > 0 && AgentRecord(of: "bob", on: board).resolutions > 0)
        }
    }

    @Test func helpers_AreEveryActorInOrderOfFirstAppearance_BotExcluded() throws {
        var rng = SeededRNG(state: 5)
        var board = Board()
        let t0 = Timestamp(seconds: 1_795_000_000)
        let actors = ["alice", "bob", "carol", AgentName.bot, "dave"]
        for a in actors { _ = try board.apply(.register(name: a), by: a, at: t0) }
        _ = try board.apply(.open(priority: .p2, title: "hot"), by: "erin", at: t0, policy: .replay)
        var steps: [String] = ["erin"]
        for i in 0..<2_000 {
            // Runs of one actor, then alternation.
            let who = i < 1_000 ? actors[(i / 97) % actors.count] : actors[rng.below(actors.count)]
            _ = try board.apply(.comment(ticket: TicketID(1), text: "c\(i)"), by: who, at: t0, policy: .replay)
            steps.append(who)
        }
        var expected: [String] = []
        for a in steps where a != AgentName.bot && !expected.contains(a) { expected.append(a) }
        let t = try board.ticket(TicketID(1))
        #expect(t.timeline.map(\.actor) == steps)
        #expect(t.helpers == expected && expected.count == 5)
    }
}
