// The server's side of the swarm workflow: choosing invitees from who is online, expiring
// unanswered invites in cron, and telling returning agents what happened while they were away.
import SwarmDomain

extension Server {
    /// Online agents who could be summoned to `t`: not in its room, not its owner, not already
    /// invited, not having declined, not already in its swarm, and not `excluding`.
    func swarmCandidates(for t: Ticket, excluding: [String]) -> [SwarmCandidate] {
        let members = presence.members(of: t.id)
        let loads = board.loads()
        return presence.online.compactMap { name in
            if members.contains(name) || name == t.owner || excluding.contains(name) || t.declined.contains(name)
                || t.swarm.contains(name) || t.invites.contains(where: { $0.agent == name }) || name == AgentName.bot {
                return nil
            }
            return SwarmCandidate(name: name, skills: board.agents[name]?.skills ?? [], load: loads[name] ?? 0)
        }
    }

    /// Who an invite passes to after a decline or a timeout.
    func nextInvites(after invite: Invite, on t: Ticket) -> [Invite] {
        let pick = SwarmSelection.pick(skills: invite.skills, from: swarmCandidates(for: t, excluding: [invite.agent]))
        return pick.invitees.map { Invite(agent: $0.name, skills: $0.skills, by: invite.by, message: invite.message, at: now) }
    }

    /// Cron: invites unanswered for `--invite-timeout` pass to the next agent with the skill.
    func expireInvites(_ woken: [TicketID]) {
        // Each hand-on reads every owner's load, which the board keeps counted (BoardCounts): a
        // pass over the board per invite held the loop 134 ms for 200 invites timing out together
        // on 100,000 tickets (Scripts/invite-storm).
        for (id, invite) in board.expiredInvites(of: woken, at: now, timeout: config.policy.inviteTimeout) {
            guard let t = try? board.ticket(id) else { continue }
            do {
                let next = nextInvites(after: invite, on: t)
                let outcome = try commit(.expireInvite(ticket: id, agent: invite.agent, next: next), by: AgentName.bot)
                deliver(outcome.events, skipping: AgentName.bot)
            } catch {
                log.warn("invite expiry failed", ["ticket": id, "agent": invite.agent, "error": error])
            }
        }
    }
}

/// `… force REASON`: overrides a WIP limit; the reason is recorded for everyone.
enum Force {
    /// Splits a trailing text into a note and a force reason (`force` must be its first word).
    static func split(_ text: String?) throws(SwarmError) -> (note: String?, force: String?) {
        guard let text else { return (nil, nil) }
        let words = text.split(separator: " ", maxSplits: 1)
        guard words.first?.lowercased() == "force" else { return (text, nil) }
        let reason = words.count > 1 ? String(words[1]).trimmingSpaces : ""
        guard !reason.isEmpty else { throw SwarmError("usage", "force needs a reason: … force REASON") }
        return (nil, reason)
    }
}
