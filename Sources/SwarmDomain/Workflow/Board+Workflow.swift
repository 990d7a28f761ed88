// Routes the workflow mutations to their rules, and the few helpers every rule shares.

extension Board {
    mutating func applyWorkflow(_ m: Mutation, by actor: String, at now: Timestamp, policy: Policy) throws(SwarmError) -> Outcome {
        switch m {
        case .register, .open, .comment, .faqAdd, .faqEdit, .faqRemove, .faqFeedback, .faqPromote, .faqImport, .staleStep,
             .slaAlert, .assign, .faqPromoteTicket:
            preconditionFailure("handled by apply")
        case .claim(let id, let force): return try claim(id, force: force, by: actor, at: now, policy: policy)
        case .release(let id): return try release(id, by: actor, at: now)
        case .takeOver(let id, let reason, let force): return try takeOver(id, reason: reason, force: force, by: actor, at: now, policy: policy)
        case .handoff(let id, let to, let note, let offline):
            return try handoff(id, to: to, note: note, receiverOffline: offline, by: actor, at: now)
        case .acceptHandoff(let id, let force): return try acceptHandoff(id, force: force, by: actor, at: now, policy: policy)
        case .declineHandoff(let id, let reason): return try declineHandoff(id, reason: reason, by: actor, at: now)
        case .setStatus(let id, let status, let note, let force):
            return try setStatus(id, to: status, note: note, force: force, by: actor, at: now, policy: policy)
        case .resolve(let id, let resolution): return try resolve(id, resolution: resolution, by: actor, at: now)
        case .reopen(let id, let reason): return try reopen(id, reason: reason, by: actor, at: now)
        case .close(let id): return try close(id, by: actor, at: now)
        case .setPriority(let id, let p): return try setPriority(id, p, by: actor, at: now)
        case .tag(let id, let add, let remove): return try tag(id, add: add, remove: remove, by: actor, at: now)
        case .link(let id, let other, let kind): return try link(id, other, kind: kind, by: actor, at: now)
        case .checkAdd(let id, let text): return try checkAdd(id, text: text, by: actor, at: now)
        case .checkMark(let id, let item, let done): return try checkMark(id, item: item, done: done, by: actor, at: now)
        case .rate(let id, let score, let comment): return try rate(id, score: score, comment: comment, by: actor, at: now)
        case .skills(let add, let remove): return try setSkills(add: add, remove: remove, by: actor)
        case .summon(let id, let invites, let wanted): return try summon(id, invites: invites, wanted: wanted, by: actor, at: now)
        case .acceptInvite(let id): return try acceptInvite(id, by: actor, at: now)
        case .declineInvite(let id, let reason, let next):
            return try passInvite(id, of: actor, reason: reason, next: next, expired: false, by: actor, at: now)
        case .expireInvite(let id, let agent, let next):
            return try passInvite(id, of: agent, reason: nil, next: next, expired: true, by: actor, at: now)
        case .mute(let target): return try mute(target, on: true, by: actor)
        case .unmute(let target): return try mute(target, on: false, by: actor)
        case .clearNotices:
            agents[actor]?.notices = []
            return Outcome()
        }
    }

    /// Appends a timeline entry to the ticket and returns the event that announces it.
    mutating func record(_ id: TicketID, _ name: String, _ text: String, by actor: String, at now: Timestamp,
                         to audience: Audience? = nil, fields: [String: JSONValue] = [:], into outcome: inout Outcome) {
        update(id) { t in
            t.timeline.append(TimelineEntry(at: now, actor: actor, kind: name, text: text))
            t.lastActivityAt = now
        }
        outcome.ticket = id
        outcome.events.append(Event(name, to: audience ?? .room(id), at: now, ticket: id, actor: actor, text: text,
                                    fields: fields))
    }

    // The scans below read fields through the array's subscript: `for t in tickets` would copy
    // every Ticket (a dozen retained arrays each); measured 5x slower over 5,000 tickets.

    /// Open tickets an agent owns: their load.
    public func load(of agent: String) -> Int { counts.openOwned[agent] ?? 0 }

    /// Every owner's load (kept as tickets change: no pass over the board).
    public func loads() -> [String: Int] { counts.openOwned }

    /// How many tickets each owner has in `doing`.
    public func doingCounts() -> [String: Int] { counts.doing }

    func openTicket(_ id: TicketID, for what: String) throws(SwarmError) -> Ticket {
        let t = try ticket(id)
        guard t.status.isOpen else {
            throw SwarmError("not-open", "\(id) is \(t.status); /reopen \(id) before you \(what)")
        }
        return t
    }
}

extension Ticket {
    /// The SLA's first-response clock stops at the first comment, claim or status change by
    /// anyone but the opener (and not the bot).
    mutating func noteResponse(by actor: String, at now: Timestamp) {
        guard firstResponseAt == nil, actor != openedBy, actor != AgentName.bot else { return }
        firstResponseAt = now
        firstResponder = actor
    }
}

/// Skill and tag words: 1–32 of lower-case letters, digits, `-`, `_`, `.`, `+`, `#`.
public enum Keyword {
    public static func normalize(_ raw: Substring) -> String? {
        let w = raw.lowercased()
        guard (1...32).contains(w.utf8.count) else { return nil }
        let ok = w.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "+") || b == UInt8(ascii: "#")
        }
        return ok ? w : nil
    }

    /// Splits `+db -network dns` into additions and removals (a bare word adds).
    public static func parseChanges(_ text: String) throws(SwarmError) -> (add: [String], remove: [String]) {
        var add: [String] = [], remove: [String] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
            let removing = word.first == "-"
            let body = word.first == "+" || removing ? word.dropFirst() : word
            guard let k = normalize(body) else {
                throw SwarmError("usage", "\"\(word.prefix(40))\" is not a word: 1–32 of a-z 0-9 - _ . + #")
            }
            if removing { remove.append(k) } else { add.append(k) }
        }
        return (add, remove)
    }
}
