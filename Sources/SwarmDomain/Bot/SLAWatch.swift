// SLA alerts: a pure function of (board, now, policy) that says which SLA clocks swarmbot must
// announce, and the mutation that records each announcement.
//
// Each ticket has two clocks (Workflow/SLA.swift): first response and resolution. For each one
// swarmbot says at most:
//   1. one `sla.warning` once 80 % of the target has gone (`Policy.warnShare`), and
//   2. one `sla.breached` once the target has passed,
// in the ticket's room and on the board feed, naming the owner (or "unassigned"); the owner hears
// it wherever they are, even with the feed muted.
// - Never for a resolved or closed ticket, never for a clock that stopped (the first response
//   happened): a stopped clock has nothing left to warn about.
// - The ticket's `SLAMarks` remember what was said, saved with the board, so a restart does not
//   say it again. Marks are never cleared: a reopened ticket's resolution clock runs on from its
//   opening (SLA.swift), and what was said about it stays said.
// - After a long gap (the server was down) with both the warning and the breach due, only the
//   breach is said: a warning that time is running out is wrong once it has run out.
// - The mutation carries the target it was computed with, so a replay under other `--sla`
//   targets (the journal is replayed with default policy) records the same thing.

public enum SLAClockKind: String, Hashable, Sendable, Codable, CaseIterable {
    case firstResponse = "first_response"
    case resolution

    /// How people read it: `first response`, `resolution`.
    public var words: String { self == .firstResponse ? "first response" : "resolution" }
}

public enum SLAAlertLevel: Int, Hashable, Sendable, Codable, Comparable {
    case warning = 1
    case breached = 2

    public static func < (a: SLAAlertLevel, b: SLAAlertLevel) -> Bool { a.rawValue < b.rawValue }
    /// The stable event name: `sla.warning`, `sla.breached`.
    public var eventName: String { self == .warning ? "sla.warning" : "sla.breached" }
}

/// What swarmbot has said about a ticket's two clocks.
public struct SLAMarks: Hashable, Sendable, Codable {
    public var firstResponse: SLAAlertLevel?
    public var resolution: SLAAlertLevel?

    public init(firstResponse: SLAAlertLevel? = nil, resolution: SLAAlertLevel? = nil) {
        self.firstResponse = firstResponse
        self.resolution = resolution
    }

    public subscript(kind: SLAClockKind) -> SLAAlertLevel? {
        get { kind == .firstResponse ? firstResponse : resolution }
        set { if kind == .firstResponse { firstResponse = newValue } else { resolution = newValue } }
    }
}

public enum SLAWatch {
    /// The announcements due now, at most one per clock per ticket: every open ticket looked at.
    /// The server's cron looks only at the tickets its `Alarms` wake (`alerts`); this full pass
    /// is the reference.
    public static func due(_ board: Board, now: Timestamp, policy: Policy) -> [Mutation] {
        var out: [Mutation] = []
        // One dictionary lookup per priority, not per ticket.
        let targets = policy.slaTargets
        for i in board.tickets.indices { alerts(board.tickets, i, now: now, targets: targets, into: &out) }
        return out
    }

    // By index, fields read in place: a Ticket passed as an argument is copied (StaleWatch.swift).

    /// Appends the announcements due now on the ticket at `i`.
    public static func alerts(_ tickets: TicketPages, _ i: Int, now: Timestamp, targets: SLATargets,
                              into out: inout [Mutation]) {
        guard tickets[i].status.isOpen else { return }
        let target = targets[tickets[i].priority]
        let opened = tickets[i].openedAt
        let marks = tickets[i].slaAlerts
        if tickets[i].firstResponseAt == nil,
           let level = wanted(start: opened, target: target.firstResponse, now: now, said: marks?.firstResponse) {
            out.append(.slaAlert(ticket: tickets[i].id, clock: .firstResponse, level: level, target: target.firstResponse))
        }
        if tickets[i].resolvedAt == nil,
           let level = wanted(start: opened, target: target.resolution, now: now, said: marks?.resolution) {
            out.append(.slaAlert(ticket: tickets[i].id, clock: .resolution, level: level, target: target.resolution))
        }
    }

    /// The first instant `alerts` could say something about the ticket at `i` as it is now; nil
    /// if nothing is left to say until it changes.
    public static func nextAlert(_ tickets: TicketPages, _ i: Int, targets: SLATargets) -> Timestamp? {
        guard tickets[i].status.isOpen else { return nil }
        let target = targets[tickets[i].priority]
        let opened = tickets[i].openedAt
        let marks = tickets[i].slaAlerts
        var next: Timestamp?
        if tickets[i].firstResponseAt == nil, let at = upcoming(start: opened, target: target.firstResponse, said: marks?.firstResponse) {
            next = at
        }
        if tickets[i].resolvedAt == nil, let at = upcoming(start: opened, target: target.resolution, said: marks?.resolution) {
            next = min(next ?? at, at)
        }
        return next
    }

    /// When a running clock next reaches a level not yet said.
    static func upcoming(start: Timestamp, target: Span, said: SLAAlertLevel?) -> Timestamp? {
        switch said {
        case nil: SLA.warnsAt(start: start, target: target)
        case .warning: SLA.breachesAt(start: start, target: target)
        case .breached: nil
        }
    }

    /// The level a running clock has reached, if swarmbot has not said it (or more) yet.
    static func wanted(start: Timestamp, target: Span, now: Timestamp, said: SLAAlertLevel?) -> SLAAlertLevel? {
        let level: SLAAlertLevel
        switch SLA.clock(start: start, target: target, stoppedAt: nil, now: now).state {
        case .ok: return nil
        case .warn: level = .warning
        case .breached: level = .breached
        }
        if let said, said >= level { return nil }
        return level
    }
}

extension Board {
    /// Records one SLA announcement and says it. One that no longer applies (the ticket was
    /// resolved, the clock stopped, or it was said already) changes nothing and says nothing.
    mutating func slaAlert(_ id: TicketID, clock kind: SLAClockKind, level: SLAAlertLevel, target: Span,
                           at now: Timestamp) throws(SwarmError) -> Outcome {
        let t = try ticket(id)
        var outcome = Outcome()
        outcome.ticket = id
        let stopped = kind == .firstResponse ? t.firstResponseAt != nil : t.resolvedAt != nil
        if !t.status.isOpen || stopped { return outcome }
        if let said = t.slaAlerts?[kind], said >= level { return outcome }
        let due = t.openedAt + target
        let owner = t.owner ?? "unassigned"
        let head = "\(t.id) \(t.priority) \"\(t.title)\""
        let text: String
        switch (level, kind) {
        case (.warning, .firstResponse):
            text = "SLA warning: \(head) needs a first response within \((due - now).roughLeft) (80% of \(target) gone); owner: \(owner)"
        case (.warning, .resolution):
            text = "SLA warning: \(head) must be resolved within \((due - now).roughLeft) (80% of \(target) gone); owner: \(owner)"
        case (.breached, .firstResponse):
            text = "SLA breached: \(head) has had no first response within \(target); owner: \(owner)"
        case (.breached, .resolution):
            text = "SLA breached: \(head) is not resolved within \(target); owner: \(owner)"
        }
        let bot = AgentName.bot
        try modify(id) { (t: inout Ticket) throws(SwarmError) in
            var marks = t.slaAlerts ?? SLAMarks()
            marks[kind] = level
            t.slaAlerts = marks
            // In the timeline for incident review, but not activity: the stale clock keeps running.
            t.timeline.append(TimelineEntry(at: now, actor: bot, kind: level.eventName, text: text))
        }
        let fields: [String: JSONValue] = [
            "clock": .string(kind.rawValue), "priority": .string(t.priority.description),
            "target": .string(target.description), "target_ms": .int(Int(target.millis)),
            "due": .string(due.rfc3339), "elapsed_ms": .int(Int((now - t.openedAt).millis)),
            "owner": t.owner.map { .string($0) } ?? .null,
        ]
        let audience: Audience = t.owner.map { .roomAndAgents(id, [$0], feed: true) } ?? .roomAndFeed(id)
        outcome.events.append(Event(level.eventName, to: audience, at: now, ticket: id, actor: bot, text: text, fields: fields))
        return outcome
    }
}
