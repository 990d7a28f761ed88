// Who owns a ticket: /claim, /release, /handoff with /accept or /decline.

extension Board {
    mutating func claim(_ id: TicketID, force: String?, by actor: String, at now: Timestamp, policy: Policy) throws(SwarmError) -> Outcome {
        let t = try openTicket(id, for: "claim it")
        if t.owner == actor { throw SwarmError("already-owner", "you already own \(id)") }
        if let owner = t.owner {
            throw SwarmError("owned", "\(id) is owned by \(owner); ask \(owner) to /handoff \(id) \(actor) (a lead may /claim \(id) take REASON)")
        }
        let status: TicketStatus = t.status == .new ? .doing : t.status
        let override = try checkWIP(id, owner: actor, to: status, force: force, by: actor, policy: policy)
        update(id) { t in
            t.owner = actor
            t.status = status
            t.followers.removeAll { $0 == actor }
            t.noteResponse(by: actor, at: now)
        }
        var outcome = Outcome()
        recordOverride(override, id, by: actor, at: now, into: &outcome)
        record(id, "ticket.claimed", "\(actor) claimed \(id) (\(status))", by: actor, at: now, to: .roomAndFeed(id),
               fields: ["owner": .string(actor), "status": .string(status.rawValue)], into: &outcome)
        return outcome
    }

    /// A lead takes a ticket from its owner, e.g. one who went home with it. The reason is said to
    /// the room, the board feed and the old owner wherever they are; the old owner stays on as a
    /// follower, and any handoff they had offered is withdrawn.
    mutating func takeOver(_ id: TicketID, reason: String, force: String?, by actor: String, at now: Timestamp, policy: Policy) throws(SwarmError) -> Outcome {
        let t = try openTicket(id, for: "take it over")
        guard let previous = t.owner else { throw SwarmError("not-owned", "\(id) has no owner: /claim \(id) instead") }
        if previous == actor { throw SwarmError("already-owner", "you already own \(id)") }
        let why = reason.trimmingSpaces
        guard !why.isEmpty else { throw SwarmError("usage", "taking over needs a reason: /claim \(id) take REASON") }
        let status: TicketStatus = t.status == .new ? .doing : t.status
        let override = try checkWIP(id, owner: actor, to: status, force: force, by: actor, policy: policy)
        update(id) { t in
            t.owner = actor
            t.status = status
            t.pendingHandoff = nil
            t.followers.removeAll { $0 == actor }
            if !t.followers.contains(previous) { t.followers.append(previous) }
            t.noteResponse(by: actor, at: now)
        }
        if let h = t.pendingHandoff { withdrawNotice(of: h, on: id) }
        let withdrawn = Board.withdrawal(of: t)
        var outcome = Outcome()
        recordOverride(override, id, by: actor, at: now, into: &outcome)
        record(id, "ticket.taken_over", "\(actor) took over \(id) from \(previous): \(why)" + withdrawn.text, by: actor, at: now,
               to: .roomAndAgents(id, [previous] + withdrawn.to, feed: true),
               fields: ["owner": .string(actor), "previous_owner": .string(previous), "reason": .string(why),
                        "status": .string(status.rawValue)], into: &outcome)
        return outcome
    }

    mutating func release(_ id: TicketID, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        guard t.owner == actor else { throw notOwner(t, actor) }
        let status: TicketStatus = t.status == .doing ? .new : t.status
        update(id) { t in
            t.owner = nil
            t.status = status
            t.pendingHandoff = nil
        }
        if let h = t.pendingHandoff { withdrawNotice(of: h, on: id) }
        let withdrawn = Board.withdrawal(of: t)
        var outcome = Outcome()
        record(id, "ticket.released", "\(actor) released \(id) back to the queue (\(status))" + withdrawn.text, by: actor, at: now,
               to: .roomAndAgents(id, withdrawn.to, feed: true), fields: ["status": .string(status.rawValue)], into: &outcome)
        return outcome
    }

    mutating func handoff(_ id: TicketID, to receiver: String, note raw: String?, receiverOffline: Bool,
                          by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try openTicket(id, for: "hand it off")
        guard t.owner == actor else { throw notOwner(t, actor) }
        guard receiver != actor else { throw SwarmError("already-owner", "you already own \(id); hand it to someone else") }
        guard receiver != AgentName.bot, hasSeen(receiver) else {
            throw SwarmError("no-such-agent", "nobody called \(receiver) has ever connected")
        }
        if let p = t.pendingHandoff {
            throw SwarmError("handoff-pending", "\(id) is already offered to \(p.to); wait for /accept or /decline")
        }
        let note = raw?.trimmingSpaces.nilIfEmpty
        update(id) { $0.pendingHandoff = Handoff(from: actor, to: receiver, note: note, at: now) }
        let text = "\(actor) offers \(id) \(t.priority) \"\(t.title)\" to \(receiver)" + (note.map { ": \($0)" } ?? "")
            + " (\(receiver): /accept \(id) or /decline \(id))"
        var outcome = Outcome()
        let fields: [String: JSONValue] = ["from": .string(actor), "to": .string(receiver), "note": note.map { .string($0) } ?? .null]
        record(id, "ticket.handoff", text, by: actor, at: now, to: .roomAndAgents(id, [receiver], feed: true),
               fields: fields, into: &outcome)
        if receiverOffline {
            agents[receiver]?.notices.append(Notice(event: "ticket.handoff", ticket: id, actor: actor, text: text, at: now,
                                                    fields: fields))
        }
        return outcome
    }

    mutating func acceptHandoff(_ id: TicketID, force: String?, by actor: String, at now: Timestamp, policy: Policy) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        guard let h = t.pendingHandoff, h.to == actor else { throw nothingPending(id) }
        let override = try checkWIP(id, owner: actor, to: t.status, force: force, by: actor, policy: policy)
        update(id) { t in
            t.owner = actor
            t.pendingHandoff = nil
            t.followers.removeAll { $0 == actor }
            if !t.followers.contains(h.from) { t.followers.append(h.from) }
            t.noteResponse(by: actor, at: now)
        }
        var outcome = Outcome()
        recordOverride(override, id, by: actor, at: now, into: &outcome)
        record(id, "ticket.handoff_accepted", "\(actor) accepted \(id) from \(h.from), who stays on as a follower",
               by: actor, at: now, to: .roomAndAgents(id, [h.from], feed: true),
               fields: ["from": .string(h.from), "owner": .string(actor)], into: &outcome)
        return outcome
    }

    mutating func declineHandoff(_ id: TicketID, reason raw: String?, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        guard let h = t.pendingHandoff, h.to == actor else { throw nothingPending(id) }
        let reason = raw?.trimmingSpaces.nilIfEmpty
        update(id) { $0.pendingHandoff = nil }
        var outcome = Outcome()
        record(id, "ticket.handoff_declined",
               "\(actor) declined the handoff of \(id); \(h.from) still owns it" + (reason.map { ": \($0)" } ?? ""),
               by: actor, at: now, to: .roomAndAgents(id, [h.from], feed: false),
               fields: ["from": .string(h.from), "reason": reason.map { .string($0) } ?? .null], into: &outcome)
        return outcome
    }

    /// A handoff withdrawn before an offline receiver came back must not greet them at /hello.
    /// A pending offer that a take-over, release or resolution cancels: its receiver hears the
    /// announcement wherever they are, and it says the offer is gone (else their /accept would
    /// meet `nothing-pending` without a word why).
    static func withdrawal(of t: Ticket) -> (to: [String], text: String) {
        guard let h = t.pendingHandoff else { return ([], "") }
        return ([h.to], "; the offer to \(h.to) is withdrawn")
    }

    mutating func withdrawNotice(of h: Handoff, on id: TicketID) {
        agents[h.to]?.notices.removeAll { $0.ticket == id && $0.event == "ticket.handoff" }
    }

    func notOwner(_ t: Ticket, _ actor: String) -> SwarmError {
        SwarmError("not-owner", t.owner.map { "\(t.id) is owned by \($0), not you" } ?? "\(t.id) has no owner; /claim \(t.id) first")
    }

    func nothingPending(_ id: TicketID) -> SwarmError {
        SwarmError("nothing-pending", "nothing for you to answer on \(id): no handoff or invite is waiting for you")
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
