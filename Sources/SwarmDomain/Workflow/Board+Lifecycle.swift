// A ticket's lifecycle. The open statuses (new doing blocked review) move freely among
// themselves; any open status may be resolved with a resolution text; resolved may be closed or
// reopened; closed may only be reopened (to doing if owned, else new).

extension Board {
    /// The moves allowed from a status, as people type them.
    public static func allowedMoves(from status: TicketStatus) -> [String] {
        switch status {
        case .new, .doing, .blocked, .review:
            TicketStatus.open.filter { $0 != status }.map(\.rawValue) + ["resolved (/resolve #N RESOLUTION)"]
        case .resolved: ["closed (/close #N)", "/reopen #N"]
        case .closed: ["/reopen #N"]
        }
    }

    func badMove(_ t: Ticket, to status: String) -> SwarmError {
        SwarmError("bad-transition", "\(t.id) cannot go from \(t.status) to \(status); allowed: "
                   + Board.allowedMoves(from: t.status).joined(separator: ", ").replacingTicket(t.id))
    }

    mutating func setStatus(_ id: TicketID, to status: TicketStatus, note raw: String?, force: String?,
                            by actor: String, at now: Timestamp, policy: Policy) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        let note = raw?.trimmingSpaces.nilIfEmpty
        guard status != t.status else { throw SwarmError("no-change", "\(id) is already \(status)") }
        if t.status.isOpen && status == .resolved {
            guard let note else {
                throw SwarmError("usage", "resolving needs a resolution: /resolve \(id) RESOLUTION")
            }
            return try resolve(id, resolution: note, by: actor, at: now)
        }
        if t.status == .resolved && status == .closed { return try close(id, by: actor, at: now) }
        guard t.status.isOpen && status.isOpen else { throw badMove(t, to: status.rawValue) }
        // Moving an unowned ticket to doing claims it.
        let owner = status == .doing && t.owner == nil ? actor : t.owner
        let override = try checkWIP(id, owner: owner, to: status, force: force, by: actor, policy: policy)
        let from = t.status
        update(id) { t in
            t.status = status
            t.owner = owner
            t.noteResponse(by: actor, at: now)
        }
        var outcome = Outcome()
        recordOverride(override, id, by: actor, at: now, into: &outcome)
        let claimed = owner != t.owner ? " and claimed it" : ""
        record(id, "ticket.status", "\(actor) moved \(id) from \(from) to \(status)\(claimed)" + (note.map { ": \($0)" } ?? ""),
               by: actor, at: now, to: .roomAndFeed(id),
               fields: ["from": .string(from.rawValue), "to": .string(status.rawValue),
                        "owner": owner.map { .string($0) } ?? .null, "note": note.map { .string($0) } ?? .null],
               into: &outcome)
        return outcome
    }

    mutating func resolve(_ id: TicketID, resolution raw: String, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        guard t.status.isOpen else { throw badMove(t, to: "resolved") }
        let resolution = raw.trimmingSpaces
        guard !resolution.isEmpty else { throw SwarmError("usage", "say how it was resolved: /resolve \(id) RESOLUTION") }
        guard resolution.count <= 500 else { throw .invalid("a resolution is at most 500 characters") }
        update(id) { t in
            t.status = .resolved
            t.resolvedAt = now
            t.resolvedBy = actor
            t.resolution = resolution
            t.pendingHandoff = nil
            t.invites = []
            t.wantedSkills = []
            t.noteResponse(by: actor, at: now)
        }
        if let h = t.pendingHandoff { withdrawNotice(of: h, on: id) }
        let withdrawn = Board.withdrawal(of: t)
        var outcome = Outcome()
        record(id, "ticket.resolved", "\(actor) resolved \(id): \(resolution)" + withdrawn.text, by: actor, at: now,
               to: .roomAndAgents(id, withdrawn.to, feed: true),
               fields: ["from": .string(t.status.rawValue), "to": "resolved", "resolution": .string(resolution)],
               into: &outcome)
        return outcome
    }

    mutating func reopen(_ id: TicketID, reason raw: String?, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        guard !t.status.isOpen else { throw SwarmError("bad-transition", "\(id) is \(t.status), not resolved or closed") }
        let reason = raw?.trimmingSpaces.nilIfEmpty
        let status: TicketStatus = t.owner == nil ? .new : .doing
        update(id) { t in
            t.status = status
            // The resolution clock runs again from the original opening.
            t.resolvedAt = nil
            t.resolvedBy = nil
        }
        var outcome = Outcome()
        record(id, "ticket.reopened", "\(actor) reopened \(id) (\(status))" + (reason.map { ": \($0)" } ?? ""),
               by: actor, at: now, to: .roomAndFeed(id),
               fields: ["from": .string(t.status.rawValue), "to": .string(status.rawValue),
                        "reason": reason.map { .string($0) } ?? .null], into: &outcome)
        return outcome
    }

    mutating func close(_ id: TicketID, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        guard t.status == .resolved else { throw badMove(t, to: "closed") }
        update(id) { $0.status = .closed }
        var outcome = Outcome()
        record(id, "ticket.closed", "\(actor) closed \(id)", by: actor, at: now, to: .roomAndFeed(id),
               fields: ["from": "resolved", "to": "closed"], into: &outcome)
        return outcome
    }

    mutating func setPriority(_ id: TicketID, _ p: Priority, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        guard p != t.priority else { throw SwarmError("no-change", "\(id) is already \(p)") }
        update(id) { $0.priority = p }
        var outcome = Outcome()
        // A ticket becoming P1 is news for the whole board, like a P1 being opened.
        record(id, "ticket.priority", "\(actor) changed \(id) from \(t.priority) to \(p)", by: actor, at: now,
               to: p == .p1 ? .roomAndFeed(id) : .room(id),
               fields: ["from": .string(t.priority.description), "to": .string(p.description)], into: &outcome)
        return outcome
    }

    mutating func tag(_ id: TicketID, add: [String], remove: [String], by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        var tags = t.tags
        for k in remove { tags.removeAll { $0 == k } }
        for k in add where !tags.contains(k) { tags.append(k) }
        tags.sort()
        guard tags.count <= 20 else { throw .invalid("a ticket has at most 20 tags") }
        guard tags != t.tags else { throw SwarmError("no-change", "\(id)'s tags are already \(t.tags.isEmpty ? "empty" : t.tags.joined(separator: " "))") }
        update(id) { $0.tags = tags }
        // Say what changed, not what was typed: `-nothere` removed nothing, `+db` on a ticket
        // already tagged db added nothing.
        let added = tags.filter { !t.tags.contains($0) }, removed = t.tags.filter { !tags.contains($0) }
        let change = (added.map { "+" + $0 } + removed.map { "-" + $0 }).joined(separator: " ")
        var outcome = Outcome()
        record(id, "ticket.tagged", "\(actor) tagged \(id) \(change)", by: actor, at: now,
               fields: ["tags": .array(tags.map { .string($0) })], into: &outcome)
        return outcome
    }

    mutating func link(_ id: TicketID, _ other: TicketID, kind: LinkKind, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        _ = try ticket(other)
        guard id != other else { throw .invalid("a ticket cannot be linked to itself") }
        guard !t.links.contains(where: { $0.ticket == other }) else {
            throw SwarmError("no-change", "\(id) is already linked to \(other)")
        }
        update(id) { $0.links.append(TicketLink(kind: kind, ticket: other)) }
        update(other) { $0.links.append(TicketLink(kind: kind.reverse, ticket: id)) }
        var outcome = Outcome()
        let fields: [String: JSONValue] = ["kind": .string(kind.rawValue), "other": .int(other.value)]
        record(other, "ticket.linked", "\(actor) linked \(id) \(kind.rawValue) \(other)", by: actor, at: now,
               fields: ["kind": .string(kind.reverse.rawValue), "other": .int(id.value)], into: &outcome)
        record(id, "ticket.linked", "\(actor) linked \(id) \(kind.rawValue) \(other)", by: actor, at: now,
               fields: fields, into: &outcome)
        return outcome
    }

    mutating func checkAdd(_ id: TicketID, text raw: String, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        let text = raw.trimmingSpaces
        guard !text.isEmpty, text.count <= 200 else { throw .invalid("a checklist item is 1 to 200 characters") }
        guard t.checklist.count < 100 else { throw .invalid("a checklist has at most 100 items") }
        update(id) { $0.checklist.append(ChecklistItem(text: text, done: false)) }
        let k = t.checklist.count + 1
        var outcome = Outcome()
        record(id, "ticket.checklist", "\(actor) added to \(id)'s checklist: [\(k)] \(text)", by: actor, at: now,
               fields: ["item": .int(k), "done": false, "item_text": .string(text)], into: &outcome)
        return outcome
    }

    mutating func checkMark(_ id: TicketID, item k: Int, done: Bool, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        guard k >= 1, k <= t.checklist.count else {
            throw SwarmError("no-such-item", "\(id)'s checklist has \(t.checklist.count) item\(t.checklist.count == 1 ? "" : "s")")
        }
        guard t.checklist[k - 1].done != done else {
            throw SwarmError("no-change", "item \(k) is already \(done ? "done" : "not done")")
        }
        update(id) { $0.checklist[k - 1].done = done }
        let text = t.checklist[k - 1].text
        var outcome = Outcome()
        record(id, "ticket.checklist", "\(actor) \(done ? "ticked" : "unticked") \(id)'s [\(k)] \(text)", by: actor, at: now,
               fields: ["item": .int(k), "done": .bool(done), "item_text": .string(text)], into: &outcome)
        return outcome
    }

    mutating func rate(_ id: TicketID, score: Int, comment raw: String?, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        guard !t.status.isOpen else { throw SwarmError("not-resolved", "\(id) is \(t.status); rate it once it is resolved") }
        guard actor == t.openedBy else { throw SwarmError("not-requester", "only \(t.openedBy), who opened \(id), rates it") }
        guard t.rating == nil else { throw SwarmError("already-rated", "\(id) was already rated \(t.rating!.score)/5") }
        guard (1...5).contains(score) else { throw SwarmError("usage", "a rating is 1 to 5") }
        let comment = raw?.trimmingSpaces.nilIfEmpty
        update(id) { $0.rating = Rating(score: score, comment: comment, by: actor, at: now) }
        var outcome = Outcome()
        record(id, "ticket.rated", "\(actor) rated \(id) \(score)/5" + (comment.map { ": \($0)" } ?? ""), by: actor, at: now,
               fields: ["score": .int(score), "comment": comment.map { .string($0) } ?? .null], into: &outcome)
        return outcome
    }
}

extension String {
    func replacingTicket(_ id: TicketID) -> String {
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: "#N") {
            out += rest[..<r.lowerBound] + id.description
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
