// Work-in-progress limits: at most N tickets in `doing` per agent, optional limits per column.
// A move over a limit is refused unless forced with a reason, and the override is announced.

public enum WIPPolicy {
    /// Why moving ticket `id` (owned by `owner` afterwards) into `status` breaks a limit, or nil.
    public static func violation(on board: Board, ticket id: TicketID, owner: String?, to status: TicketStatus,
                                 policy: Policy) -> String? {
        let current = board.exists(id) ? board.tickets[id.value - 1].status : nil
        let currentOwner = board.exists(id) ? board.tickets[id.value - 1].owner : nil
        // Counted, not scanned (BoardCounts); a refusal looks only as far as the tickets it names.
        if status == .doing, let owner, let limit = policy.wipPerAgent {
            let mine = (board.doingCounts()[owner] ?? 0) - (current == .doing && currentOwner == owner ? 1 : 0)
            if mine >= limit {
                let named = board.tickets.firstIDs(shown) { $0.pointee.status == .doing && $0.pointee.owner == owner && $0.pointee.id != id }
                return "\(owner) already has \(mine) ticket\(mine == 1 ? "" : "s") in doing (limit \(limit), --wip-per-agent);"
                    + " release or move one on first: \(list(named, of: mine))"
            }
        }
        if let limit = policy.wipPerColumn[status], current != status {
            let inColumn = board.counts.count(status)
            if inColumn >= limit {
                let named = board.tickets.firstIDs(shown) { $0.pointee.status == status }
                return "\(status) holds \(inColumn) ticket\(inColumn == 1 ? "" : "s") (limit \(limit), --wip \(status)=\(limit));"
                    + " move one on first: \(list(named, of: inColumn))"
            }
        }
        return nil
    }

    /// Tickets a refusal names.
    static let shown = 6

    static func list(_ ids: [TicketID], of count: Int) -> String {
        ids.map(\.description).joined(separator: " ") + (count > ids.count ? " …" : "")
    }
}

extension Board {
    /// Checks the limits before a change; returns the override text to record if forced.
    func checkWIP(_ id: TicketID, owner: String?, to status: TicketStatus, force: String?, by actor: String,
                  policy: Policy) throws(SwarmError) -> String? {
        guard let problem = WIPPolicy.violation(on: self, ticket: id, owner: owner, to: status, policy: policy) else {
            return nil
        }
        guard let reason = force?.trimmingSpaces, !reason.isEmpty else {
            throw SwarmError("wip-limit", problem + "; or add: force REASON")
        }
        return "\(actor) overrode a WIP limit on \(id) (\(problem.prefix { $0 != ";" })): \(reason)"
    }

    /// Records a forced override for everyone: the room, the timeline and the board feed.
    mutating func recordOverride(_ text: String?, _ id: TicketID, by actor: String, at now: Timestamp, into outcome: inout Outcome) {
        guard let text else { return }
        record(id, "ticket.wip_override", text, by: actor, at: now, to: .roomAndFeed(id), into: &outcome)
    }
}
