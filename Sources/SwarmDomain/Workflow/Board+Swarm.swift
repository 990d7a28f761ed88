// Gathering a swarm: skills, summons by skill with accept/decline/timeout, mutes.

extension Board {
    mutating func setSkills(add: [String], remove: [String], by actor: String) throws(SwarmError) -> Outcome {
        guard var agent = agents[actor] else { throw SwarmError("no-such-agent", "\(actor) is unknown") }
        for k in remove { agent.skills.removeAll { $0 == k } }
        for k in add where !agent.skills.contains(k) { agent.skills.append(k) }
        agent.skills.sort()
        guard agent.skills.count <= 50 else { throw .invalid("at most 50 skills") }
        agents[actor] = agent
        return Outcome()
    }

    mutating func summon(_ id: TicketID, invites: [Invite], wanted: [String], by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try openTicket(id, for: "summon a swarm")
        let fresh = invites.filter { i in !t.invites.contains { $0.agent == i.agent } && hasSeen(i.agent) }
        guard !fresh.isEmpty else { throw SwarmError("nobody", "nobody new to invite to \(id)") }
        update(id) { t in
            t.invites.append(contentsOf: fresh)
            for s in wanted where !t.wantedSkills.contains(s) { t.wantedSkills.append(s) }
        }
        let who = fresh.map { "\($0.agent) (\($0.skills.joined(separator: ",")))" }.joined(separator: ", ")
        var outcome = Outcome()
        record(id, "swarm.called", "\(actor) summons \(wanted.joined(separator: ",")) for \(id): invited \(who)"
               + (fresh.first?.message.map { ": \($0)" } ?? ""), by: actor, at: now,
               fields: ["invited": .array(fresh.map { .string($0.agent) }), "skills": .array(wanted.map { .string($0) })],
               into: &outcome)
        for i in fresh { outcome.events.append(inviteEvent(i, t, at: now)) }
        return outcome
    }

    func inviteEvent(_ i: Invite, _ t: Ticket, at now: Timestamp) -> Event {
        let text = "\(i.by) invites you to \(t.id) \(t.priority) \"\(t.title)\" for \(i.skills.joined(separator: ","))"
            + (i.message.map { ": \($0)" } ?? "") + " (/accept \(t.id) or /decline \(t.id) [REASON])"
        return Event("swarm.invited", to: .agent(i.agent), at: now, ticket: t.id, actor: i.by, text: text,
                     fields: ["skills": .array(i.skills.map { .string($0) }), "priority": .string(t.priority.description),
                              "title": .string(t.title), "message": i.message.map { .string($0) } ?? .null])
    }

    mutating func acceptInvite(_ id: TicketID, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try openTicket(id, for: "join its swarm")
        guard let invite = t.invites.first(where: { $0.agent == actor }) else { throw nothingPending(id) }
        let mine = agents[actor]?.skills ?? []
        update(id) { t in
            t.invites.removeAll { $0.agent == actor }
            if !t.swarm.contains(actor) { t.swarm.append(actor) }
            t.wantedSkills.removeAll { mine.contains($0) || invite.skills.contains($0) }
        }
        var outcome = Outcome()
        record(id, "swarm.joined", "\(actor) joined the swarm on \(id) (\(invite.skills.joined(separator: ",")))",
               by: actor, at: now, to: .roomAndAgents(id, [invite.by], feed: false),
               fields: ["skills": .array(invite.skills.map { .string($0) })], into: &outcome)
        return outcome
    }

    /// A decline, or a timeout (`expired`), passes the invite to `next`.
    mutating func passInvite(_ id: TicketID, of agent: String, reason raw: String?, next: [Invite], expired: Bool,
                             by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        guard let invite = t.invites.first(where: { $0.agent == agent }) else {
            if expired { throw SwarmError("nothing-pending", "\(agent) has no invite to \(id)") }
            throw nothingPending(id)
        }
        let reason = raw?.trimmingSpaces.nilIfEmpty
        let fresh = t.status.isOpen ? next.filter { n in n.agent != agent && !t.invites.contains { $0.agent == n.agent } } : []
        update(id) { t in
            t.invites.removeAll { $0.agent == agent }
            if !t.declined.contains(agent) { t.declined.append(agent) }
            t.invites.append(contentsOf: fresh)
        }
        let what = expired ? "\(agent) did not answer the invite to \(id) in time" : "\(agent) declined the invite to \(id)"
        let passed = fresh.isEmpty ? "; nobody else online has \(invite.skills.joined(separator: ","))"
            : "; passed to " + fresh.map(\.agent).joined(separator: ", ")
        var outcome = Outcome()
        record(id, expired ? "swarm.expired" : "swarm.declined", what + (reason.map { " (\($0))" } ?? "") + passed,
               by: actor, at: now, to: .roomAndAgents(id, expired ? [invite.by, agent] : [invite.by], feed: false),
               fields: ["agent": .string(agent), "next": .array(fresh.map { .string($0.agent) }),
                        "reason": reason.map { .string($0) } ?? .null], into: &outcome)
        let current = tickets[id.value - 1]
        for i in fresh { outcome.events.append(inviteEvent(i, current, at: now)) }
        return outcome
    }

    mutating func mute(_ target: MuteTarget, on: Bool, by actor: String) throws(SwarmError) -> Outcome {
        guard var agent = agents[actor] else { throw SwarmError("no-such-agent", "\(actor) is unknown") }
        switch target {
        case .board:
            guard agent.mutedBoard != on else { throw SwarmError("no-change", "the board feed is already \(on ? "muted" : "on")") }
            agent.mutedBoard = on
        case .ticket(let id):
            _ = try ticket(id)
            guard agent.mutedTickets.contains(id) != on else {
                throw SwarmError("no-change", "\(id) is already \(on ? "muted" : "not muted")")
            }
            if on { agent.mutedTickets.append(id) } else { agent.mutedTickets.removeAll { $0 == id } }
        }
        agents[actor] = agent
        return Outcome()
    }

    /// Invites whose answer is overdue at `now`, oldest first: the server's cron expires them.
    public func expiredInvites(at now: Timestamp, timeout: Span) -> [(ticket: TicketID, invite: Invite)] {
        expiredInvites(of: tickets.indices.map { TicketID($0 + 1) }, at: now, timeout: timeout)
    }

    /// The same among `ids` only (the tickets the cron's alarms woke), in that order.
    public func expiredInvites(of ids: [TicketID], at now: Timestamp, timeout: Span) -> [(ticket: TicketID, invite: Invite)] {
        var out: [(TicketID, Invite)] = []
        for id in ids where exists(id) {
            for i in tickets[id.value - 1].invites where i.at + timeout <= now { out.append((id, i)) }
        }
        return out
    }
}

extension TicketPages {
    /// When the oldest unanswered invite of the ticket at `i` is overdue; nil with none.
    public func nextInviteExpiry(_ i: Int, timeout: Span) -> Timestamp? {
        var oldest: Timestamp?
        for invite in self[i].invites where oldest.map({ invite.at < $0 }) ?? true { oldest = invite.at }
        return oldest.map { $0 + timeout }
    }
}
