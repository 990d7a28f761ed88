// Work-in-progress limits: at most N tickets in `doing` per agent, optional limits per column.
// A move over a limit is refused unless forced with a reason, and the override is announced.

public enum WIPPolicy {
    /// Why moving ticket `id` (owned by `owner` afterwards) into `status` breaks a limit, or nil.
    public static func violation(on board: Board, ticket id: TicketID, owner: String?, to status: TicketStatus,
                                 policy: Policy) -> String? {
        let current = board.exists(id) ? board.tickets[id.value - 1].status : nil
        if status == .doing, let owner, let limit = policy.wipPerAgent {
            let mine = board.doing(of: owner).filter { $0 != id }
            if mine.count >= limit {
                return "\(owner) already has \(mine.count) ticket\(mine.count == 1 ? "" : "s") in doing (limit \(limit), --wip-per-agent);"
                    + " release or move one on first: \(list(mine))"
            }
        }
        if let limit = policy.wipPerColumn[status], current != status {
            let inColumn = board.ids(in: status).filter { $0 != id }
            if inColumn.count >= limit {
                return "\(status) holds \(inColumn.count) ticket\(inColumn.count == 1 ? "" : "s") (limit \(limit), --wip \(status)=\(limit));"
                    + " move one on first: \(list(inColumn))"
            }
        }
        return nil
    }

    static func list(_ ids: [TicketID]) -> String {
        ids.prefix(6).map(\.description).joined(separator: " ") + (ids.count > 6 ? " …" : "")
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
