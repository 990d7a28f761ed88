// `/stats`: the board's numbers as a pure function of (board, policy, now).
//
// It looks at every ticket (beside the event loop, on a copy of the board), so it does little
// per ticket: counts by status and every owner's load come from the counts the board keeps
// (BoardCounts), the open tickets by priority go into an array, not a dictionary, and the
// percentiles are selected, not sorted out of the whole list (Scripts/bench-board, 100,000
// tickets: 15–23 → 7–10 ms; README, Scans of a big board).

public struct BoardStats: Equatable, Sendable {
    public private(set) var byStatus: [TicketStatus: Int] = [:]
    /// Open tickets only.
    public private(set) var byPriority: [Priority: Int] = [:]
    public private(set) var firstResponse = Percentiles()
    public private(set) var resolve = Percentiles()
    public private(set) var responseBreaches = 0
    public private(set) var resolutionBreaches = 0
    public private(set) var ratingCount = 0
    private var ratingSum = 0
    /// Agent → open tickets owned, for agents who own anything.
    public private(set) var load: [String: AgentLoad] = [:]

    public struct AgentLoad: Hashable, Sendable {
        public var open = 0
        /// Of which in `doing`.
        public var doing = 0
    }

    public init(board: Board, policy: Policy, at now: Timestamp) {
        let targets = policy.slaTargets
        var openByPriority = [Int](repeating: 0, count: Priority.allCases.count)
        var responses: [Int64] = [], resolutions: [Int64] = []
        // Fields read through a pointer: `for t in board.tickets` copied every ticket (see
        // TicketPages.filter(inPlace:)).
        board.tickets.forEachPage { page in
            for i in page.indices {
                let t = page.baseAddress! + i
                let status = t.pointee.status, priority = t.pointee.priority, opened = t.pointee.openedAt
                if status.isOpen { openByPriority[priority.rawValue - 1] += 1 }
                if let r = t.pointee.firstResponseAt { responses.append((r - opened).millis) }
                if let r = t.pointee.resolvedAt { resolutions.append((r - opened).millis) }
                let sla = SLA.status(of: t, target: targets[priority], at: now)
                if sla.firstResponse.state == .breached { responseBreaches += 1 }
                if sla.resolution.state == .breached { resolutionBreaches += 1 }
                if let r = t.pointee.rating {
                    ratingCount += 1
                    ratingSum += r.score
                }
            }
        }
        let counts = board.counts
        for s in TicketStatus.allCases where counts.count(s) > 0 { byStatus[s] = counts.count(s) }
        // `doing` is an open status: everyone with a ticket in doing has an open load.
        load = counts.openOwned.mapValues { AgentLoad(open: $0) }
        for (o, n) in counts.doing { load[o]?.doing = n }
        for (p, n) in zip(Priority.allCases, openByPriority) where n > 0 { byPriority[p] = n }
        firstResponse = Percentiles(&responses)
        resolve = Percentiles(&resolutions)
    }

    public var averageRating: Double? {
        ratingCount == 0 ? nil : Double(ratingSum) / Double(ratingCount)
    }
}

/// The count, median and p90 (nearest rank) of a list of spans.
public struct Percentiles: Hashable, Sendable {
    public private(set) var count = 0
    public private(set) var median: Span?
    public private(set) var p90: Span?

    public init() {}

    /// Reorders `millis` (the spans, in milliseconds) while it selects.
    public init(_ millis: inout [Int64]) {
        count = millis.count
        guard count > 0 else { return }
        let m = Percentiles.rank(0.5, of: count), p = Percentiles.rank(0.9, of: count)
        median = Span(millis: Percentiles.select(m, in: &millis, from: 0))
        // Selecting the median left everything from it on at or above it.
        p90 = Span(millis: Percentiles.select(p, in: &millis, from: m))
    }

    /// The 0-based index of the nearest-rank percentile `q` (0...1) of `n` sorted values.
    static func rank(_ q: Double, of n: Int) -> Int {
        min(max(Int((q * Double(n)).rounded(.up)), 1), n) - 1
    }

    /// The value that would be at index `k` were `a[lo...]` sorted; leaves `a[lo...]` partitioned
    /// around it (smaller before, larger after). Quickselect, falling back to a sort of what is
    /// left should the pivots keep being bad, so no order of the data can make it quadratic.
    /// (`roundsBeforeSort` lets a test take the fallback.)
    static func select(_ k: Int, in a: inout [Int64], from lo: Int, roundsBeforeSort: Int = 64) -> Int64 {
        precondition(lo <= k && k < a.count)
        return a.withUnsafeMutableBufferPointer { b in
            var lo = lo, hi = b.count - 1, rounds = 0
            while lo < hi {
                rounds += 1
                if rounds > roundsBeforeSort {
                    b[lo...hi].sort()
                    break
                }
                let x = b[lo], y = b[lo + (hi - lo) / 2], z = b[hi]
                let pivot = max(min(x, y), min(max(x, y), z))
                var i = lo, j = hi
                while i <= j {
                    while b[i] < pivot { i += 1 }
                    while b[j] > pivot { j -= 1 }
                    if i <= j {
                        b.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                // Now b[lo...j] ≤ pivot ≤ b[i...hi], and what lies between equals the pivot.
                if k <= j { hi = j } else if k >= i { lo = i } else { break }
            }
            return b[k]
        }
    }
}
