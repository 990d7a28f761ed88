// The rules the workflow follows that an operator may tune: WIP limits, SLA targets, the stale
// clock and the invite timeout. Passed into the domain, never read from a global.

/// How long a priority may wait for its first response and for its resolution.
public struct SLATarget: Hashable, Sendable, Codable {
    public var firstResponse: Span
    public var resolution: Span
    public init(firstResponse: Span, resolution: Span) {
        self.firstResponse = firstResponse
        self.resolution = resolution
    }
}

public struct Policy: Hashable, Sendable {
    /// Most tickets one agent may own in `doing` (`--wip-per-agent`).
    public var wipPerAgent: Int?
    /// Optional per-column limits (`--wip doing=10,review=5`).
    public var wipPerColumn: [TicketStatus: Int]
    public var sla: [Priority: SLATarget]
    /// An open ticket with no activity for this long is `stale` (`--stale-after`).
    public var staleAfter: Span
    /// An unanswered swarm invite passes on after this long (`--invite-timeout`).
    public var inviteTimeout: Span
    /// SLA state turns `warn` once this share of the target has elapsed.
    public static let warnShare = 0.8

    public init(wipPerAgent: Int? = 3, wipPerColumn: [TicketStatus: Int] = [:],
                sla: [Priority: SLATarget] = Policy.defaultSLA, staleAfter: Span = .minutes(30),
                inviteTimeout: Span = .minutes(2)) {
        self.wipPerAgent = wipPerAgent
        self.wipPerColumn = wipPerColumn
        self.sla = sla
        self.staleAfter = staleAfter
        self.inviteTimeout = inviteTimeout
    }

    public static let defaultSLA: [Priority: SLATarget] = [
        .p1: SLATarget(firstResponse: .minutes(15), resolution: .hours(4)),
        .p2: SLATarget(firstResponse: .hours(1), resolution: .hours(8)),
        .p3: SLATarget(firstResponse: .hours(4), resolution: .days(3)),
        .p4: SLATarget(firstResponse: .days(1), resolution: .days(10)),
    ]

    /// For replaying a journal: every mutation in it was accepted under the limits of its day,
    /// so replay must not refuse it under today's (possibly tighter) limits.
    public static let replay = Policy(wipPerAgent: nil, wipPerColumn: [:])

    public func target(_ p: Priority) -> SLATarget {
        sla[p] ?? Policy.defaultSLA[p]!
    }

    /// Every priority's targets, looked up once: scans of the whole board read them per ticket,
    /// and a dictionary lookup per ticket showed at 100,000 tickets.
    public var slaTargets: SLATargets { SLATargets(self) }

    /// Parses `P1=15m/4h,P2=1h/8h`; priorities not named keep their defaults.
    public static func parseSLA(_ text: String) -> [Priority: SLATarget]? {
        var out = defaultSLA
        for item in text.split(separator: ",") {
            let kv = item.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, let p = Priority(parsing: kv[0]) else { return nil }
            let spans = kv[1].split(separator: "/")
            guard spans.count == 2, let r = Span(parsing: String(spans[0])), let s = Span(parsing: String(spans[1])),
                  r.millis > 0, s.millis > 0 else { return nil }
            out[p] = SLATarget(firstResponse: r, resolution: s)
        }
        return out
    }

    /// Parses `doing=10,review=5` (only open columns may be limited); `none` for no limits.
    public static func parseColumnLimits(_ text: String) -> [TicketStatus: Int]? {
        var out: [TicketStatus: Int] = [:]
        if text == "none" { return out }
        for item in text.split(separator: ",") {
            let kv = item.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, let s = TicketStatus(rawValue: String(kv[0]).lowercased()), s.isOpen,
                  let n = Int(kv[1]), n >= 1, n <= 100_000 else { return nil }
            out[s] = n
        }
        return out
    }
}

/// `Policy.target` for each priority, in an array indexed by rank.
public struct SLATargets: Sendable {
    private let byRank: [SLATarget]
    init(_ policy: Policy) { byRank = Priority.allCases.map(policy.target) }
    public subscript(_ p: Priority) -> SLATarget { byRank[p.rawValue - 1] }
}
