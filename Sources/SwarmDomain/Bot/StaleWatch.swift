// The stale ladder: a pure function of (board, now, policy, who is online) that says which
// quiet tickets swarmbot must nag, and the mutation that records each nag.
//
// A ticket not resolved or closed and quiet for `after` (its `lastActivityAt` unchanged):
//   1. at 1× a notice in its room naming the owner (or "unassigned");
//   2. at 2× a notice in the room and on the board feed;
//   3. at 4×, if it has an owner who is offline, it goes back to the queue (owner cleared,
//      `doing` back to `new`), said in the room, on the feed and in the timeline.
// Each step fires once: the ticket's `StaleMark` remembers the step reached for the quiet spell
// that began at `since`. Any activity moves `lastActivityAt`, so the mark no longer applies and the
// ladder starts again from the bottom. Steps are taken one per call, so a long outage catches up
// one notice per cron tick rather than skipping steps.

/// How far the ladder has gone for the quiet spell that began at `since`.
public struct StaleMark: Hashable, Sendable, Codable {
    public var since: Timestamp
    public var level: Int
    public init(since: Timestamp, level: Int) {
        self.since = since
        self.level = level
    }
}

public struct StalePolicy: Hashable, Sendable {
    public var after: Span
    public init(after: Span) { self.after = after }
}

public enum StaleWatch {
    public static let requeueLevel = 3

    /// The step a ticket has reached in its current quiet spell (0: not stale yet).
    public static func level(of t: Ticket) -> Int { level(t.stale, since: t.lastActivityAt) }

    public static func isStale(_ t: Ticket, now: Timestamp, policy: StalePolicy) -> Bool {
        isStale(status: t.status, lastActivityAt: t.lastActivityAt, now: now, policy: policy)
    }

    /// The same from the two fields it needs, for scans that read tickets in place.
    public static func isStale(status: TicketStatus, lastActivityAt: Timestamp, now: Timestamp, policy: StalePolicy) -> Bool {
        status.isOpen && policy.after.millis > 0 && now - lastActivityAt >= policy.after
    }

    /// The mutations due now, at most one per ticket: every open ticket looked at. The server's
    /// cron looks only at the tickets its `Alarms` wake (`step`); this full pass is the reference.
    public static func due(_ board: Board, now: Timestamp, policy: StalePolicy, online: Set<String>) -> [Mutation] {
        var out: [Mutation] = []
        for i in board.tickets.indices {
            if let m = step(board.tickets, i, now: now, policy: policy, online: online) { out.append(m) }
        }
        return out
    }

    // The ticket is named by its index and its fields read through the subscript: a Ticket
    // passed as an argument is copied (a dozen retained arrays; 10,000 tickets: 3 ms that way,
    // 0.2 ms this way), and these run for every ticket a tick wakes or arms.

    /// The step due now on the ticket at `i`, if any.
    public static func step(_ tickets: TicketPages, _ i: Int, now: Timestamp, policy: StalePolicy,
                            online: Set<String>) -> Mutation? {
        let since = tickets[i].lastActivityAt
        guard isStale(status: tickets[i].status, lastActivityAt: since, now: now, policy: policy) else { return nil }
        let quiet = now - since
        let next = level(tickets[i].stale, since: since) + 1
        if next == 2 && quiet < policy.after * 2 { return nil }
        if next == requeueLevel {
            guard quiet >= policy.after * 4, let owner = tickets[i].owner, !online.contains(owner) else { return nil }
        }
        if next > requeueLevel { return nil }
        return .staleStep(ticket: tickets[i].id, level: next, quietSince: since, after: policy.after)
    }

    /// When `step` could next return something for the ticket at `i` as it is now, and, for the
    /// requeue, the owner who must be offline by then; nil if no step lies ahead until it changes.
    public static func nextStep(_ tickets: TicketPages, _ i: Int, policy: StalePolicy) -> (at: Timestamp, owner: String?)? {
        guard tickets[i].status.isOpen, policy.after.millis > 0 else { return nil }
        let since = tickets[i].lastActivityAt
        switch level(tickets[i].stale, since: since) {
        case 0: return (since + policy.after, nil)
        case 1: return (since + policy.after * 2, nil)
        case 2: return tickets[i].owner.map { (since + policy.after * 4, $0) }
        default: return nil
        }
    }

    static func level(_ mark: StaleMark?, since: Timestamp) -> Int {
        guard let mark, mark.since == since else { return 0 }
        return mark.level
    }
}

extension Board {
    /// Records one ladder step and says it. A step that no longer applies (activity since, or
    /// the step already taken) changes nothing and says nothing, so replays are harmless.
    mutating func staleStep(_ id: TicketID, level: Int, quietSince: Timestamp, after: Span,
                            at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        var outcome = Outcome()
        outcome.ticket = id
        guard t.status.isOpen, t.lastActivityAt == quietSince, StaleWatch.level(of: t) == level - 1,
              (1...StaleWatch.requeueLevel).contains(level) else { return outcome }
        let quiet = (now - quietSince).rough
        let owner = t.owner ?? "unassigned"
        let bot = AgentName.bot
        var fields: [String: JSONValue] = ["level": .int(level), "quiet_for": .string(quiet),
                                           "owner": t.owner.map { .string($0) } ?? .null]
        switch level {
        case 1:
            let text = "\(id) has been quiet for \(quiet) (stale after \(after)); owner: \(owner)"
            outcome.events.append(Event("ticket.stale", to: .room(id), at: now, ticket: id, actor: bot, text: text, fields: fields))
        case 2:
            let text = "\(id) \(t.priority) \"\(t.title)\" has been quiet for \(quiet); owner: \(owner)"
            outcome.events.append(Event("ticket.stale", to: .roomAndFeed(id), at: now, ticket: id, actor: bot, text: text, fields: fields))
        default:
            guard let previous = t.owner else { return outcome }
            let text = "\(id) quiet for \(quiet) with \(previous) offline: back to the queue, unassigned"
            fields["previous_owner"] = .string(previous)
            fields["owner"] = .null
            try modify(id) { (t: inout Ticket) throws(SwarmError) in
                t.owner = nil
                if t.status == .doing { t.status = .new }
                t.timeline.append(TimelineEntry(at: now, actor: bot, kind: "ticket.requeued", text: text))
            }
            outcome.events.append(Event("ticket.requeued", to: .roomAndFeed(id), at: now, ticket: id, actor: bot, text: text, fields: fields))
        }
        try modify(id) { (t: inout Ticket) throws(SwarmError) in t.stale = StaleMark(since: quietSince, level: level) }
        return outcome
    }
}
