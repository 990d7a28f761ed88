// `!sla #N`: both of a ticket's clocks, with a verdict people can act on. SLA.status answers
// "ok, warn or breached" for the board's columns; this adds whether a clock is still running.

public enum SLAVerdict: String, Hashable, Sendable, CaseIterable {
    /// Running, under 80 % of the target.
    case ok
    /// Running, 80 % of the target gone.
    case warn
    /// Running past the target, or stopped after it.
    case breached
    /// Stopped in time: the response or resolution happened by the due time.
    case met
    /// Will never stop: the ticket was resolved or closed without this clock's event (a ticket
    /// resolved by its own opener never had a first response).
    case stopped
}

public struct SLAClockReport: Hashable, Sendable {
    public let kind: SLAClockKind
    public let target: Span
    public let due: Timestamp
    /// From the opening to now, or to when the clock stopped.
    public let elapsed: Span
    public let verdict: SLAVerdict
    /// When the response or resolution happened, if it did.
    public let stoppedAt: Timestamp?
    /// Who responded or resolved it.
    public let by: String?
    /// What swarmbot has said about this clock.
    public let alerted: SLAAlertLevel?
}

public enum SLAReport {
    public static func clocks(of t: Ticket, policy: Policy, at now: Timestamp) -> [SLAClockReport] {
        let target = policy.target(t.priority)
        return [
            clock(.firstResponse, t, target: target.firstResponse, stoppedAt: t.firstResponseAt, by: t.firstResponder, now: now),
            clock(.resolution, t, target: target.resolution, stoppedAt: t.resolvedAt, by: t.resolvedBy, now: now),
        ]
    }

    static func clock(_ kind: SLAClockKind, _ t: Ticket, target: Span, stoppedAt: Timestamp?, by: String?,
                      now: Timestamp) -> SLAClockReport {
        let due = t.openedAt + target
        let verdict: SLAVerdict
        let end: Timestamp
        if let stoppedAt {
            end = stoppedAt
            verdict = stoppedAt > due ? .breached : .met
        } else if !t.status.isOpen {
            // Closed tickets always went through resolved, so resolvedAt is set; `now` is a fallback.
            end = t.resolvedAt ?? now
            verdict = .stopped
        } else {
            end = now
            switch SLA.clock(start: t.openedAt, target: target, stoppedAt: nil, now: now).state {
            case .ok: verdict = .ok
            case .warn: verdict = .warn
            case .breached: verdict = .breached
            }
        }
        return SLAClockReport(kind: kind, target: target, due: due, elapsed: end - t.openedAt, verdict: verdict,
                              stoppedAt: stoppedAt, by: stoppedAt == nil ? nil : by, alerted: t.slaAlerts?[kind])
    }
}
