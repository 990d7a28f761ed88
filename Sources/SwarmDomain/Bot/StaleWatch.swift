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
    public static func level(of t: Ticket) -> Int {
        guard let mark = t.stale, mark.since == t.lastActivityAt else { return 0 }
        return mark.level
    }

    public static func isStale(_ t: Ticket, now: Timestamp, policy: StalePolicy) -> Bool {
        isStale(status: t.status, lastActivityAt: t.lastActivityAt, now: now, policy: policy)
    }

    /// The same from the two fields it needs, for scans that read tickets in place.
    public static func isStale(status: TicketStatus, lastActivityAt: Timestamp, now: Timestamp, policy: StalePolicy) -> Bool {
        status.isOpen && policy.after.millis > 0 && now - lastActivityAt >= policy.after
    }

    /// The mutations due now, at most one per ticket.
    public static func due(_ board: Board, now: Timestamp, policy: StalePolicy, online: Set<String>) -> [Mutation] {
        guard policy.after.millis > 0 else { return [] }
        var out: [Mutation] = []
        // Fields are read through the subscript: `for t in tickets` copies every Ticket (10,000
        // tickets: 3 ms that way, 0.2 ms this way), and this runs ten times a second.
        let tickets = board.tickets
        for i in tickets.indices where tickets[i].status.isOpen {
            let since = tickets[i].lastActivityAt
            let quiet = now - since
            guard quiet >= policy.after else { continue }
            let mark = tickets[i].stale
            let reached = mark.map { $0.since == since ? $0.level : 0 } ?? 0
            let next = reached + 1
            if next == 2 && quiet < policy.after * 2 { continue }
            if next == requeueLevel {
                guard quiet >= policy.after * 4, let owner = tickets[i].owner, !online.contains(owner) else { continue }
            }
            if next > requeueLevel { continue }
            out.append(.staleStep(ticket: tickets[i].id, level: next, quietSince: since, after: policy.after))
        }
        return out
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
