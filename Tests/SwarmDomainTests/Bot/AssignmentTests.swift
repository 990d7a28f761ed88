// `!assign`: least-loaded and round-robin picks, skills preferred, WIP limits never exceeded,
// the rotation deterministic and saved with the board.
import Foundation
import Testing
@testable import SwarmDomain

@Suite struct AssignmentTests {
    let t0 = Timestamp(seconds: 1_795_000_000)

    /// `agents`: name → skills. Ticket #k+1 has tags `tags[k]`.
    func board(agents: [String: [String]], tickets tags: [[String]]) throws -> Board {
        var b = Board()
        for (name, skills) in agents.sorted(by: { $0.key < $1.key }) {
            _ = try b.apply(.register(name: name), by: name, at: t0)
            if !skills.isEmpty { _ = try b.apply(.skills(add: skills, remove: []), by: name, at: t0) }
        }
        for (i, ts) in tags.enumerated() {
            _ = try b.apply(.open(priority: .p2, title: "ticket \(i + 1)"), by: "opener", at: t0)
            if !ts.isEmpty { _ = try b.apply(.tag(ticket: TicketID(i + 1), add: ts, remove: []), by: "opener", at: t0) }
        }
        return b
    }

    /// Gives `agent` `count` open tickets in doing (new tickets, claimed).
    func load(_ b: inout Board, _ agent: String, _ count: Int) throws {
        for _ in 0..<count {
            _ = try b.apply(.open(priority: .p3, title: "load"), by: "opener", at: t0)
            _ = try b.apply(.claim(ticket: TicketID(b.ticketCount), force: nil), by: agent, at: t0, policy: .replay)
        }
    }

    func pick(_ b: Board, _ id: Int, _ eligible: [String], _ rule: AssignRule = .leastLoaded,
              policy: Policy = Policy()) throws(SwarmError) -> AssignPick {
        try Assignment.pick(TicketID(id), on: b, eligible: eligible, rule: rule, policy: policy)
    }

    func refusal(_ body: () throws(SwarmError) -> AssignPick) -> String? {
        do { _ = try body(); return nil } catch { return "\(error.code) \(error.message)" }
    }

    @Test func leastLoaded_PicksTheFewestOpenTickets() throws {
        var b = try board(agents: ["bob": [], "carol": [], "dave": []], tickets: [[]])
        try load(&b, "bob", 2)
        try load(&b, "carol", 1)
        try load(&b, "dave", 2)
        let p = try pick(b, 1, ["bob", "carol", "dave"])
        #expect(p.agent == "carol")
        #expect(p.reason == "least loaded: carol owns 1 open ticket (bob 2, dave 2)")
    }

    @Test func leastLoaded_Ties_GoToTheNextInTheRotation() throws {
        var b = try board(agents: ["bob": [], "carol": [], "dave": []], tickets: [[], [], [], []])
        // Nobody assigned yet: the rotation starts at the first name.
        #expect(try pick(b, 1, ["dave", "carol", "bob"]).agent == "bob")
        b.lastAssigned = "carol"
        #expect(try pick(b, 1, ["bob", "carol", "dave"]).agent == "dave")
        b.lastAssigned = "dave"
        #expect(try pick(b, 1, ["bob", "carol", "dave"]).agent == "bob")
        // Applied in turn, equal loads spread one each before anyone gets a second.
        b.lastAssigned = nil
        var picked: [String] = []
        for id in 1...4 {
            let p = try pick(b, id, ["bob", "carol", "dave"])
            _ = try b.apply(.assign(ticket: TicketID(id), agent: p.agent, reason: p.reason), by: "lead", at: t0)
            picked.append(p.agent)
        }
        #expect(picked == ["bob", "carol", "dave", "bob"])
    }

    @Test func roundRobin_RotatesByName_AndWraps_WhateverTheLoad() throws {
        var b = try board(agents: ["bob": [], "carol": [], "dave": []], tickets: [[], [], [], [], []])
        // bob is busier, and still takes his turn (his fourth pick puts him at the WIP limit of 3).
        try load(&b, "bob", 1)
        var picked: [String] = []
        for id in 1...5 {
            let p = try pick(b, id, ["carol", "bob", "dave"], .roundRobin)
            _ = try b.apply(.assign(ticket: TicketID(id), agent: p.agent, reason: p.reason), by: "lead", at: t0)
            picked.append(p.agent)
        }
        #expect(picked == ["bob", "carol", "dave", "bob", "carol"])
        #expect(b.lastAssigned == "carol")
    }

    @Test func roundRobin_SkipsWhoIsOffline_AndContinuesAfterARestart() throws {
        var b = try board(agents: ["bob": [], "carol": [], "dave": [], "erin": []], tickets: [[], [], []])
        let p1 = try pick(b, 1, ["bob", "carol", "dave", "erin"], .roundRobin)
        _ = try b.apply(.assign(ticket: TicketID(1), agent: p1.agent, reason: p1.reason), by: "lead", at: t0)
        #expect(p1.agent == "bob")
        // carol went offline: the turn passes to the next name online.
        let p2 = try pick(b, 2, ["bob", "dave", "erin"], .roundRobin)
        #expect(p2.agent == "dave")
        #expect(p2.reason == "round-robin: next after bob among bob, dave, erin")
        _ = try b.apply(.assign(ticket: TicketID(2), agent: p2.agent, reason: p2.reason), by: "lead", at: t0)
        // The rotation is part of the board: a restart (snapshot round trip) continues it.
        let restored = try JSONDecoder().decode(Board.self, from: JSONEncoder().encode(b))
        #expect(restored.lastAssigned == "dave")
        #expect(try pick(restored, 3, ["bob", "carol", "dave", "erin"], .roundRobin).agent == "erin")
    }

    @Test func matchingSkills_ArePreferred_EvenWhenBusier() throws {
        var b = try board(agents: ["bob": ["db"], "carol": ["network", "vpn"], "dave": ["network"]], tickets: [["network", "vpn"]])
        try load(&b, "carol", 2)
        try load(&b, "dave", 1)
        let p = try pick(b, 1, ["bob", "carol", "dave"])
        // bob owns nothing but has no matching skill; dave is the least loaded of those who match.
        #expect(p.agent == "dave" && p.matched == ["network"])
        #expect(p.reason == "least loaded: dave owns 1 open ticket (carol 2); skills match: network")
        #expect(try pick(b, 1, ["bob", "carol", "dave"], .roundRobin).agent == "carol")
    }

    @Test func noMatchingSkill_EveryoneFittingIsConsidered() throws {
        let b = try board(agents: ["bob": ["db"], "carol": []], tickets: [["printer"]])
        let p = try pick(b, 1, ["bob", "carol"])
        #expect(p.agent == "bob" && p.matched.isEmpty)
        #expect(p.reason == "least loaded: bob owns 0 open tickets (carol 0); nobody fitting has skills for printer")
    }

    @Test func agentsAtTheirWIPLimit_AreLeftOut_EvenWithTheSkill() throws {
        var b = try board(agents: ["bob": ["network"], "carol": []], tickets: [["network"]])
        try load(&b, "bob", 3)
        let p = try pick(b, 1, ["bob", "carol"])
        #expect(p.agent == "carol")
        #expect(p.reason.hasSuffix("; at WIP limit: bob 3/3"))
    }

    @Test func everyoneAtTheLimit_NobodyFits_SayingWhy() throws {
        var b = try board(agents: ["bob": [], "carol": []], tickets: [[]])
        try load(&b, "bob", 3)
        try load(&b, "carol", 3)
        #expect(refusal { () throws(SwarmError) in try pick(b, 1, ["bob", "carol"]) }
                == "nobody nobody to assign #1 to: all at WIP limit 3/3 in doing (bob 3/3, carol 3/3)")
        // A higher limit lets them in again.
        #expect(try pick(b, 1, ["bob", "carol"], policy: Policy(wipPerAgent: 4)).agent == "bob")
    }

    @Test func aFullColumn_RefusesEveryone() throws {
        var b = try board(agents: ["bob": [], "carol": []], tickets: [[]])
        try load(&b, "bob", 2)
        let policy = Policy(wipPerColumn: [.doing: 2])
        #expect(refusal { () throws(SwarmError) in try pick(b, 1, ["bob", "carol"], policy: policy) }
                == "nobody nobody to assign #1 to: doing holds 2 tickets (limit 2, --wip doing=2)")
    }

    @Test func nobodyOnline_AndTheBotIsNeverPicked() throws {
        let b = try board(agents: ["bob": []], tickets: [[]])
        #expect(refusal { () throws(SwarmError) in try pick(b, 1, []) }
                == "nobody nobody to assign #1 to: nobody online (observers do not own tickets)")
        #expect(refusal { () throws(SwarmError) in try pick(b, 1, [AgentName.bot]) }?.hasPrefix("nobody ") == true)
        #expect(try pick(b, 1, [AgentName.bot, "bob"]).agent == "bob")
    }

    @Test func ownedOrResolvedTickets_AreNotAssigned() throws {
        var b = try board(agents: ["bob": [], "carol": []], tickets: [[], []])
        _ = try b.apply(.claim(ticket: TicketID(1), force: nil), by: "carol", at: t0)
        _ = try b.apply(.resolve(ticket: TicketID(2), resolution: "done"), by: "carol", at: t0)
        #expect(refusal { () throws(SwarmError) in try pick(b, 1, ["bob"]) }?.hasPrefix("owned #1 is owned by carol") == true)
        #expect(refusal { () throws(SwarmError) in try pick(b, 2, ["bob"]) }?.hasPrefix("not-open #2 is resolved") == true)
        #expect(refusal { () throws(SwarmError) in try pick(b, 9, ["bob"]) } == "no-such-ticket #9 does not exist")
    }

    @Test func applyingAPick_SetsTheOwner_TellsRoomFeedAndAssignee() throws {
        var b = try board(agents: ["bob": ["network"]], tickets: [["network"]])
        let out = try b.apply(.assign(ticket: TicketID(1), agent: "bob", reason: "least loaded: bob owns 0 open tickets"),
                              by: "alice", at: t0 + .minutes(3))
        let t = b.tickets[0]
        #expect(t.owner == "bob" && t.status == .doing && b.lastAssigned == "bob")
        #expect(t.lastActivityAt == t0 + .minutes(3))
        // Being assigned is not a response: the first-response clock runs until bob acts.
        #expect(t.firstResponseAt == nil)
        let e = try #require(out.events.first)
        #expect(e.name == "ticket.assigned" && e.isFromBot)
        #expect(e.audience == .roomAndAgents(TicketID(1), ["bob"], feed: true))
        #expect(e.text == "assigned #1 P2 \"ticket 1\" to bob (asked by alice): least loaded: bob owns 0 open tickets")
        #expect(e.fields["asked_by"] == "alice" && e.fields["skills"] == .array(["network"]))
        #expect(t.timeline.last?.kind == "ticket.assigned")
    }

    @Test func applyingAPick_RechecksOwnerAndWIP() throws {
        var b = try board(agents: ["bob": [], "carol": []], tickets: [[]])
        try load(&b, "bob", 3)
        let before = b
        #expect(throws: SwarmError("wip-limit", "bob already has 3 tickets in doing (limit 3, --wip-per-agent); release or move one on first: #2 #3 #4; or add: force REASON")) {
            _ = try b.apply(.assign(ticket: TicketID(1), agent: "bob", reason: "r"), by: "alice", at: t0, policy: Policy())
        }
        #expect(throws: SwarmError("no-such-agent", "nobody called swarmbot can own #1")) {
            _ = try b.apply(.assign(ticket: TicketID(1), agent: AgentName.bot, reason: "r"), by: "alice", at: t0)
        }
        #expect(b == before)
    }
}
