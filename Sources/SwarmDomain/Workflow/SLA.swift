// SLA clocks: first response and resolution, per priority, as a pure function of (ticket, now).

public enum SLAState: String, Sendable, Comparable, CaseIterable {
    case ok, warn, breached
    var rank: Int { SLAState.allCases.firstIndex(of: self)! }
    public static func < (a: SLAState, b: SLAState) -> Bool { a.rank < b.rank }
}

/// One clock: when it is due, whether it has stopped (met), and its state at `now`.
public struct SLAClock: Hashable, Sendable {
    public let due: Timestamp
    /// When the clock stopped (the response or resolution happened), if it has.
    public let metAt: Timestamp?
    public let state: SLAState
}

public struct SLAStatus: Hashable, Sendable {
    public let firstResponse: SLAClock
    public let resolution: SLAClock
    /// The worse of the two.
    public var state: SLAState { max(firstResponse.state, resolution.state) }
}

public enum SLA {
    public static func status(of t: Ticket, policy: Policy, at now: Timestamp) -> SLAStatus {
        status(target: policy.target(t.priority), openedAt: t.openedAt, firstResponseAt: t.firstResponseAt,
               resolvedAt: t.resolvedAt, at: now)
    }

    /// The same for a ticket read in place (TicketPages.filter(inPlace:)), its target looked up
    /// once per priority by the caller rather than once per ticket.
    public static func status(of t: UnsafePointer<Ticket>, target: SLATarget, at now: Timestamp) -> SLAStatus {
        status(target: target, openedAt: t.pointee.openedAt, firstResponseAt: t.pointee.firstResponseAt,
               resolvedAt: t.pointee.resolvedAt, at: now)
    }

    /// The same from the four fields it needs.
    static func status(target: SLATarget, openedAt: Timestamp, firstResponseAt: Timestamp?, resolvedAt: Timestamp?,
                              at now: Timestamp) -> SLAStatus {
        SLAStatus(firstResponse: clock(start: openedAt, target: target.firstResponse, stoppedAt: firstResponseAt, now: now),
                  resolution: clock(start: openedAt, target: target.resolution, stoppedAt: resolvedAt, now: now))
    }

    /// `ok` before 80 % of the target, `warn` from 80 %, `breached` past the target. A stopped
    /// clock keeps the verdict of the moment it stopped: met in time is `ok`, late is `breached`.
    static func clock(start: Timestamp, target: Span, stoppedAt: Timestamp?, now: Timestamp) -> SLAClock {
        let due = start + target
        if let stoppedAt {
            return SLAClock(due: due, metAt: stoppedAt, state: stoppedAt > due ? .breached : .ok)
        }
        let state: SLAState
        if now >= breachesAt(start: start, target: target) { state = .breached }
        else if now >= warnsAt(start: start, target: target) { state = .warn }
        else { state = .ok }
        return SLAClock(due: due, metAt: nil, state: state)
    }

    // The two thresholds of a running clock, defined once: `clock` and swarmbot's alarms
    // (SLAWatch.nextAlert) must agree to the millisecond.

    /// The first instant a running clock is `warn`: elapsed ≥ target × share, in whole milliseconds.
    static func warnsAt(start: Timestamp, target: Span) -> Timestamp {
        start + Span(millis: Int64((Double(target.millis) * Policy.warnShare).rounded(.up)))
    }

    /// The first instant a running clock is `breached`: past the target.
    static func breachesAt(start: Timestamp, target: Span) -> Timestamp {
        start + Span(millis: target.millis + 1)
    }
}
