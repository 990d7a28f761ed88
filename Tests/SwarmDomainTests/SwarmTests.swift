// Summons by skill: the pure selection, invites, declines passing on, timeouts, mutes.
import Testing
import SwarmDomain

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
