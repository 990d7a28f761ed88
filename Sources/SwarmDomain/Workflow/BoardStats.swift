// `/stats`: the board's numbers as a pure function of (board, policy, now).

public struct BoardStats: Hashable, Sendable {
    public var byStatus: [TicketStatus: Int] = [:]
    /// Open tickets only.
    public var byPriority: [Priority: Int] = [:]
    public var firstResponse: [Span] = []
    public var resolve: [Span] = []
    public var responseBreaches = 0
    public var resolutionBreaches = 0
    public var ratings: [Int] = []
    /// Agent → (open tickets owned, of which in doing), for agents who own anything.
    public var load: [String: (open: Int, doing: Int)] = [:]

    public static func == (a: BoardStats, b: BoardStats) -> Bool {
        a.byStatus == b.byStatus && a.byPriority == b.byPriority && a.firstResponse == b.firstResponse
            && a.resolve == b.resolve && a.responseBreaches == b.responseBreaches
            && a.resolutionBreaches == b.resolutionBreaches && a.ratings == b.ratings
            && a.load.mapValues { [$0.open, $0.doing] } == b.load.mapValues { [$0.open, $0.doing] }
    }
    public func hash(into h: inout Hasher) { h.combine(byStatus); h.combine(ratings) }

    public init(board: Board, policy: Policy, at now: Timestamp) {
        // Fields read through a pointer: `for t in board.tickets` copied every ticket (see
        // TicketPages.filter(inPlace:)).
        let targets = policy.slaTargets
        board.tickets.forEachPage { page in
            for i in page.indices {
                let t = page.baseAddress! + i
                let status = t.pointee.status, priority = t.pointee.priority, opened = t.pointee.openedAt
                byStatus[status, default: 0] += 1
                if status.isOpen {
                    byPriority[priority, default: 0] += 1
                    if let o = t.pointee.owner {
                        var l = load[o] ?? (0, 0)
                        l.open += 1
                        if status == .doing { l.doing += 1 }
                        load[o] = l
                    }
                }
                if let r = t.pointee.firstResponseAt { firstResponse.append(r - opened) }
                if let r = t.pointee.resolvedAt { resolve.append(r - opened) }
                let sla = SLA.status(of: t, target: targets[priority], at: now)
                if sla.firstResponse.state == .breached { responseBreaches += 1 }
                if sla.resolution.state == .breached { resolutionBreaches += 1 }
                if let r = t.pointee.rating { ratings.append(r.score) }
            }
        }
        firstResponse.sort()
        resolve.sort()
    }

    /// Nearest-rank percentile (p in 0...1) of sorted spans; nil when there are none.
    public static func percentile(_ sorted: [Span], _ p: Double) -> Span? {
        guard !sorted.isEmpty else { return nil }
        var rank = Int((p * Double(sorted.count)).rounded(.up))
        rank = min(max(rank, 1), sorted.count)
        return sorted[rank - 1]
    }

    public var averageRating: Double? {
        ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count)
    }
}
