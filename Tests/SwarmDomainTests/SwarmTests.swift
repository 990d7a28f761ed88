// Summons by skill: the pure selection, invites, declines passing on, timeouts, mutes.
import Testing
import SwarmDomain
import Foundation

@Suite struct SwarmSelectionTests {
    @Test func smallestCover_PrefersOneAgentWithBothSkills() {
        let pick = SwarmSelection.pick(skills: ["db", "network"], from: [
            SwarmCandidate(name: "a", skills: ["db"], load: 0),
            SwarmCandidate(name: "b", skills: ["network"], load: 0),
            SwarmCandidate(name: "c", skills: ["db", "network"], load: 2),
        ])
        #expect(pick.invitees.map(\.name) == ["c"])
        #expect(pick.missing.isEmpty)
    }

    @Test func leastLoadedFirst_AndMissingSkillsReported() {
        let pick = SwarmSelection.pick(skills: ["db", "dns"], from: [
            SwarmCandidate(name: "busy", skills: ["db"], load: 3),
            SwarmCandidate(name: "idle", skills: ["db"], load: 0),
        ])
        #expect(pick.invitees.map(\.name) == ["idle"])
        #expect(pick.invitees.first?.skills == ["db"])
        #expect(pick.missing == ["dns"])
    }

    @Test func noCandidates_NothingPicked() {
        let pick = SwarmSelection.pick(skills: ["db"], from: [])
        #expect(pick.invitees.isEmpty && pick.missing == ["db"])
    }
}

@Suite struct SummonTests {
    func invite(_ a: String, _ f: Fixture, after s: Span = .minutes(1)) -> Invite {
        Invite(agent: a, skills: ["db"], by: "alice", message: "help", at: f.at(s))
    }

    @Test func summon_InvitesAndAccept_JoinsTheSwarm() throws {
        var f = Fixture()
        try f.apply(.skills(add: ["db"], remove: []), by: "bob")
        let out = try f.apply(.summon(ticket: one, invites: [invite("bob", f)], wanted: ["db"]), by: "alice")
        #expect(out.events.map(\.name) == ["swarm.called", "swarm.invited"])
        #expect(out.events[1].audience == .agent("bob"))
        #expect(out.events[1].text.contains("P2") && out.events[1].text.contains("ticket 1") && out.events[1].text.contains("help"))
        #expect(f.ticket().wantedSkills == ["db"])
        try f.apply(.acceptInvite(ticket: one), by: "bob")
        #expect(f.ticket().swarm == ["bob"])
        #expect(f.ticket().invites.isEmpty)
        #expect(f.ticket().wantedSkills.isEmpty)
    }

    @Test func decline_PassesTheInviteOn_AndIsNotAskedAgain() throws {
        var f = Fixture()
        try f.apply(.summon(ticket: one, invites: [invite("bob", f)], wanted: ["db"]), by: "alice")
        let out = try f.apply(.declineInvite(ticket: one, reason: "busy", next: [invite("carol", f, after: .minutes(2))]), by: "bob",
                              after: .minutes(2))
        #expect(out.events.map(\.name) == ["swarm.declined", "swarm.invited"])
        #expect(f.ticket().invites.map(\.agent) == ["carol"])
        #expect(f.ticket().declined == ["bob"])
    }

    @Test func expiry_FindsOverdueInvites_AndPassesThem() throws {
        var f = Fixture()
        try f.apply(.summon(ticket: one, invites: [invite("bob", f)], wanted: ["db"]), by: "alice")
        #expect(f.board.expiredInvites(at: f.at(.minutes(2)), timeout: .minutes(2)).isEmpty)
        let due = f.board.expiredInvites(at: f.at(.minutes(3)), timeout: .minutes(2))
        #expect(due.map(\.invite.agent) == ["bob"])
        let out = try f.apply(.expireInvite(ticket: one, agent: "bob", next: []), by: AgentName.bot, after: .minutes(3))
        #expect(out.events.first?.name == "swarm.expired")
        #expect(out.events.first?.text.contains("nobody else online has db") == true)
        #expect(f.ticket().invites.isEmpty)
    }

    @Test func mutes_ArePersistedOnTheAgent() throws {
        var f = Fixture()
        try f.apply(.mute(.ticket(one)), by: "bob")
        #expect(f.board.agents["bob"]?.hearsFeed(about: one) == false)
        #expect(f.board.agents["bob"]?.hearsFeed(about: TicketID(2)) == true)
        try f.apply(.mute(.board), by: "bob")
        #expect(f.board.agents["bob"]?.hearsFeed(about: nil) == false)
        #expect(f.code { () throws(SwarmError) in try f.apply(.mute(.board), by: "bob") } == "no-change")
        try f.apply(.unmute(.board), by: "bob")
        try f.apply(.unmute(.ticket(one)), by: "bob")
        #expect(f.board.agents["bob"]?.hearsFeed(about: one) == true)
    }
}

@Suite struct MutationCodingTests {
    /// The journal stores mutations as JSON: every workflow mutation must survive a round trip.
    @Test func workflowMutations_RoundTripThroughJSON() throws {
        let i = Invite(agent: "bob", skills: ["db"], by: "alice", message: nil, at: Timestamp(seconds: 5))
        let all: [Mutation] = [
            .claim(ticket: one, force: "why"), .release(ticket: one),
            .handoff(ticket: one, to: "bob", note: "n", receiverOffline: true), .acceptHandoff(ticket: one, force: nil),
            .declineHandoff(ticket: one, reason: nil), .setStatus(ticket: one, status: .blocked, note: "x", force: nil),
            .resolve(ticket: one, resolution: "r"), .reopen(ticket: one, reason: nil), .close(ticket: one),
            .setPriority(ticket: one, priority: .p1), .tag(ticket: one, add: ["a"], remove: ["b"]),
            .link(ticket: one, other: TicketID(2), kind: .blocks), .checkAdd(ticket: one, text: "t"),
            .checkMark(ticket: one, item: 1, done: true), .rate(ticket: one, score: 3, comment: nil),
            .skills(add: ["db"], remove: []), .summon(ticket: one, invites: [i], wanted: ["db"]),
            .acceptInvite(ticket: one), .declineInvite(ticket: one, reason: "busy", next: [i]),
            .expireInvite(ticket: one, agent: "bob", next: []), .mute(.board), .unmute(.ticket(one)), .clearNotices,
        ]
        let data = try JSONEncoder().encode(all)
        #expect(try JSONDecoder().decode([Mutation].self, from: data) == all)
    }

    /// Replaying the same mutations on the same board at the same times gives the same board.
    @Test func replay_IsDeterministic() throws {
        func run() throws -> Board {
            var f = Fixture(tickets: 2)
            try f.apply(.claim(ticket: one, force: nil), by: "alice")
            try f.apply(.handoff(ticket: one, to: "bob", note: "n", receiverOffline: true), by: "alice")
            try f.apply(.acceptHandoff(ticket: one, force: nil), by: "bob")
            try f.apply(.summon(ticket: TicketID(2), invites: [Invite(agent: "carol", skills: ["db"], by: "bob", message: nil, at: f.at(.minutes(1)))], wanted: ["db"]), by: "bob")
            try f.apply(.resolve(ticket: one, resolution: "done"), by: "bob")
            return f.board
        }
        #expect(try run() == run())
    }
}
