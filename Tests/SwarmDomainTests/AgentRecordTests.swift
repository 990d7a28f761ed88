// /whois's one pass against the separate scans it replaced.
import Testing
import SwarmDomain

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
}
