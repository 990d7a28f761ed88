// Every change to the board, as a value: applied live, written to the journal, replayed at start.
// A mutation carries everything it needs (choices such as who gets invited are made before it is
// built), so replaying it on the same board at the same time gives the same board.
public enum Mutation: Hashable, Sendable, Codable {
    /// A name is seen for the first time.
    case register(name: String)
    case open(priority: Priority, title: String)
    case comment(ticket: TicketID, text: String)

    // The swarm workflow (Workflow/Board+*.swift). `force` is a WIP-override reason.
    case claim(ticket: TicketID, force: String?)
    case release(ticket: TicketID)
    /// A lead takes a ticket someone owns (`/claim #N take REASON`).
    case takeOver(ticket: TicketID, reason: String, force: String?)
    /// `receiverOffline`: the receiver was offline, so a notice waits for their next /hello.
    case handoff(ticket: TicketID, to: String, note: String?, receiverOffline: Bool)
    case acceptHandoff(ticket: TicketID, force: String?)
    case declineHandoff(ticket: TicketID, reason: String?)
    case setStatus(ticket: TicketID, status: TicketStatus, note: String?, force: String?)
    case resolve(ticket: TicketID, resolution: String)
    case reopen(ticket: TicketID, reason: String?)
    case close(ticket: TicketID)
    case setPriority(ticket: TicketID, priority: Priority)
    case tag(ticket: TicketID, add: [String], remove: [String])
    case link(ticket: TicketID, other: TicketID, kind: LinkKind)
    case checkAdd(ticket: TicketID, text: String)
    case checkMark(ticket: TicketID, item: Int, done: Bool)
    case rate(ticket: TicketID, score: Int, comment: String?)
    case skills(add: [String], remove: [String])
    /// Invitees were chosen by `SwarmSelection` from who was online, before this was built.
    case summon(ticket: TicketID, invites: [Invite], wanted: [String])
    case acceptInvite(ticket: TicketID)
    /// `next`: who the invite passes to (chosen from who was online).
    case declineInvite(ticket: TicketID, reason: String?, next: [Invite])
    case expireInvite(ticket: TicketID, agent: String, next: [Invite])
    case mute(MuteTarget)
    case unmute(MuteTarget)
    /// The actor has been told their pending notices.
    case clearNotices

    /// FAQ changes (Board+FAQ.swift). `title`/`tags` nil on edit keep the old ones.
    case faqAdd(key: String, title: String, answer: String, tags: [String])
    case faqEdit(key: String, title: String?, answer: String, tags: [String]?)
    case faqRemove(key: String)
    case faqFeedback(key: String, helped: Bool)
    /// A range of one ticket's comments becomes an entry titled after the ticket.
    case faqPromote(key: String, from: CommentID, to: CommentID)
    /// The starter set, loaded into an empty board; keys already present are kept as they are.
    case faqImport(entries: [FAQEntry])
    /// One step up a quiet ticket's stale ladder (Bot/StaleWatch.swift); `quietSince` is the
    /// `lastActivityAt` the step was computed from, so a replay after new activity is a no-op.
    case staleStep(ticket: TicketID, level: Int, quietSince: Timestamp, after: Span)
    /// One SLA announcement (Bot/SLAWatch.swift), with the target it was computed with.
    case slaAlert(ticket: TicketID, clock: SLAClockKind, level: SLAAlertLevel, target: Span)
    /// `!assign`: the owner was picked by `Assignment.pick` from who was online, before this was built.
    case assign(ticket: TicketID, agent: String, reason: String)
    /// `!promote #N KEY`: a resolved ticket's title and resolution become an entry.
    case faqPromoteTicket(ticket: TicketID, key: String)
}

/// What applying a mutation produced: events to deliver and the ids a reply may mention.
public struct Outcome: Sendable, Equatable {
    public var events: [Event] = []
    public var ticket: TicketID?
    public var comment: CommentID?
    public init() {}
}

extension Board {
    public static let maxTitleLength = 200

    /// Applies one mutation on behalf of `actor` at `now`; on error the board is unchanged.
    public mutating func apply(_ mutation: Mutation, by actor: String, at now: Timestamp,
                               policy: Policy = Policy()) throws(SwarmError) -> Outcome {
        switch mutation {
        case .register(let name):
            return register(name, at: now)
        case .open(let priority, let title):
            return try open(priority: priority, title: title, by: actor, at: now)
        case .comment(let ticket, let text):
            return try comment(on: ticket, text: text, by: actor, at: now)
        case .faqAdd(let key, let title, let answer, let tags):
            return try faqAdd(key: key, title: title, answer: answer, tags: tags, by: actor, at: now)
        case .faqEdit(let key, let title, let answer, let tags):
            return try faqEdit(key: key, title: title, answer: answer, tags: tags, by: actor, at: now)
        case .faqRemove(let key):
            return try faqRemove(key: key, by: actor, at: now)
        case .faqFeedback(let key, let helped):
            return try faqFeedback(key: key, helped: helped)
        case .faqPromote(let key, let from, let to):
            return try faqPromote(key: key, from: from, to: to, by: actor, at: now)
        case .faqImport(let entries):
            return faqImport(entries)
        case .staleStep(let ticket, let level, let quietSince, let after):
            return try staleStep(ticket, level: level, quietSince: quietSince, after: after, at: now)
        case .slaAlert(let ticket, let clock, let level, let target):
            return try slaAlert(ticket, clock: clock, level: level, target: target, at: now)
        case .assign(let ticket, let agent, let reason):
            return try assign(ticket, to: agent, reason: reason, by: actor, at: now, policy: policy)
        case .faqPromoteTicket(let ticket, let key):
            return try faqPromoteTicket(ticket, key: key, by: actor, at: now)
        default:
            return try applyWorkflow(mutation, by: actor, at: now, policy: policy)
        }
    }

    mutating func register(_ name: String, at now: Timestamp) -> Outcome {
        if agents[name] == nil { agents[name] = Agent(name: name, firstSeen: now) }
        return Outcome()
    }

    mutating func open(priority: Priority, title raw: String, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let title = raw.trimmingSpaces
        guard !title.isEmpty else { throw .invalid("a ticket needs a title") }
        guard title.count <= Board.maxTitleLength else {
            throw .invalid("a title is at most \(Board.maxTitleLength) characters")
        }
        let id = TicketID(tickets.count + 1)
        var ticket = Ticket(id: id, title: title, priority: priority, openedBy: actor, at: now)
        let text = "\(actor) opened \(id) \(priority): \(title)"
        ticket.timeline.append(TimelineEntry(at: now, actor: actor, kind: "ticket.opened", text: text))
        add(ticket)
        var outcome = Outcome()
        outcome.ticket = id
        outcome.events.append(Event("ticket.opened", to: .roomAndFeed(id), at: now, ticket: id, actor: actor,
                                    text: text, fields: ["priority": .string(priority.description),
                                                         "title": .string(title)]))
        return outcome
    }

    mutating func comment(on id: TicketID, text raw: String, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let text = raw.trimmingSpaces
        guard !text.isEmpty else { throw .invalid("an empty comment says nothing") }
        let cid = CommentID(nextCommentID)
        let c = Comment(id: cid, author: actor, text: text, at: now)
        try modifyContent(id) { (t: inout Ticket) throws(SwarmError) in
            t.comments.append(c)
            t.timeline.append(TimelineEntry(at: now, actor: actor, kind: "comment", text: text, comment: cid))
            t.lastActivityAt = now
            t.noteResponse(by: actor, at: now)
        }
        nextCommentID += 1
        var outcome = Outcome()
        outcome.ticket = id
        outcome.comment = cid
        outcome.events.append(.comment(c, on: id, to: .room(id)))
        return outcome
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (Foundation-free).
    public var trimmingSpaces: String {
        let u = utf8
        // Nothing to trim (the usual case): no copy.
        if let f = u.first, let l = u.last, f != 0x20, f != 0x09, l != 0x20, l != 0x09 { return self }
        guard let first = u.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let last = u.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!
        return String(self[first...last])
    }
}
