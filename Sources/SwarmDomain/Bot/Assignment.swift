// `!assign #N`: swarmbot picks an owner for an unassigned ticket, as a pure function of (board,
// who may own tickets and is online, rule, policy), and the mutation that records the pick.
//
// 1. Only agents who are online and may own tickets (the server leaves out observers); never
//    swarmbot itself.
// 2. Never over a WIP limit: a column limit (the ticket moves new → doing, like /claim) refuses
//    everyone; the per-agent limit leaves out those at it.
// 3. Agents with a skill matching one of the ticket's tags are preferred: when any fits, only
//    they are considered.
// 4. Among those, the rule picks:
//    - least-loaded: the fewest open tickets owned; ties go to the one who comes next in the
//      rotation (see 5), so equally loaded agents take turns;
//    - round-robin: the one who comes next in the rotation.
// 5. The rotation is by name: the first name after `Board.lastAssigned` (the last agent either
//    rule picked, saved with the board), wrapping around. Deterministic, and fair however
//    agents come and go.

public enum AssignRule: String, Hashable, Sendable, CaseIterable {
    case leastLoaded = "least-loaded"
    case roundRobin = "round-robin"
}

public struct AssignPick: Hashable, Sendable {
    public let agent: String
    /// The ticket's tags that the agent has as skills.
    public let matched: [String]
    /// Why this agent, in one clause: `least loaded: bob owns 1 open ticket (carol 2)`.
    public let reason: String
}

public enum Assignment {
    /// Picks an owner for ticket `id`, or says why nobody fits (`nobody`), or why the ticket
    /// cannot be assigned (`not-open`, `owned`). `eligible`: online agents allowed to own tickets.
    public static func pick(_ id: TicketID, on board: Board, eligible: [String], rule: AssignRule,
                            policy: Policy) throws(SwarmError) -> AssignPick {
        let t = try board.assignable(id)
        var names: [String] = []
        for n in eligible.sorted() where n != AgentName.bot && names.last != n { names.append(n) }
        guard !names.isEmpty else {
            throw SwarmError("nobody", "nobody to assign \(id) to: nobody online (observers do not own tickets)")
        }
        let status = t.status == .new ? TicketStatus.doing : t.status
        // A full column refuses every owner alike.
        if let problem = WIPPolicy.violation(on: board, ticket: id, owner: nil, to: status, policy: policy) {
            throw SwarmError("nobody", "nobody to assign \(id) to: " + problem.prefix { $0 != ";" })
        }
        // WIPPolicy's per-agent rule, with every agent's count from one pass over the board
        // instead of one per agent (200 agents × 10,000 tickets took 10 ms). The ticket has no
        // owner, so it is in nobody's count.
        let doing = board.doingCounts()
        let limit = policy.wipPerAgent ?? 0
        var fitting: [String] = []
        var full: [String] = []
        for n in names {
            if status == .doing, policy.wipPerAgent != nil, doing[n, default: 0] >= limit {
                full.append(n)
            } else {
                fitting.append(n)
            }
        }
        func atLimit(_ ns: [String]) -> String {
            ns.map { "\($0) \(doing[$0, default: 0])/\(limit)" }.joined(separator: ", ")
        }
        guard !fitting.isEmpty else {
            throw SwarmError("nobody", "nobody to assign \(id) to: " + (names.count == 1 ? "" : "all ")
                             + "at WIP limit \(limit)/\(limit) in doing (\(atLimit(full)))")
        }
        func matched(_ n: String) -> [String] {
            let skills = board.agents[n]?.skills ?? []
            return t.tags.filter(skills.contains)
        }
        let skilled = fitting.filter { !matched($0).isEmpty }
        let pool = skilled.isEmpty ? fitting : skilled
        let order = rotation(pool, after: board.lastAssigned)
        let loads = board.loads()
        let chosen: String
        var reason: String
        switch rule {
        case .roundRobin:
            chosen = order[0]
            reason = "round-robin: next after \(board.lastAssigned ?? "nobody yet") among \(pool.joined(separator: ", "))"
        case .leastLoaded:
            // Stable sort: equal loads keep the rotation's order.
            let byLoad = order.enumerated().sorted { (loads[$0.element] ?? 0, $0.offset) < (loads[$1.element] ?? 0, $1.offset) }
                .map(\.element)
            chosen = byLoad[0]
            let n = loads[chosen] ?? 0
            reason = "least loaded: \(chosen) owns \(n) open ticket\(n == 1 ? "" : "s")"
            let others = byLoad.dropFirst().prefix(4).map { "\($0) \(loads[$0] ?? 0)" }
            if !others.isEmpty { reason += " (" + others.joined(separator: ", ") + (byLoad.count > 5 ? ", …" : "") + ")" }
        }
        let skills = matched(chosen)
        if !skills.isEmpty {
            reason += "; skills match: " + skills.joined(separator: " ")
        } else if !t.tags.isEmpty {
            reason += "; nobody fitting has skills for " + t.tags.joined(separator: " ")
        }
        if !full.isEmpty { reason += "; at WIP limit: " + atLimit(full) }
        return AssignPick(agent: chosen, matched: skills, reason: reason)
    }

    /// `names` sorted, starting with the first one after `last` and wrapping around.
    public static func rotation(_ names: [String], after last: String?) -> [String] {
        let sorted = names.sorted()
        guard let last, let i = sorted.firstIndex(where: { $0 > last }) else { return sorted }
        return Array(sorted[i...] + sorted[..<i])
    }
}

extension Board {
    /// An open ticket nobody owns, or the reason `!assign` cannot pick an owner for it.
    func assignable(_ id: TicketID) throws(SwarmError) -> Ticket {
        let t = try openTicket(id, for: "assign it")
        if let owner = t.owner {
            throw SwarmError("owned", "\(id) is owned by \(owner); !assign picks owners for unassigned tickets (!triage lists them)")
        }
        return t
    }

    /// Makes the picked agent the owner (a new ticket moves to doing, as with /claim), tells the
    /// room, the board feed and the assignee wherever they are, and moves the rotation on.
    /// `actor` asked; swarmbot says it.
    mutating func assign(_ id: TicketID, to agent: String, reason: String, by actor: String, at now: Timestamp,
                         policy: Policy) throws(SwarmError) -> Outcome {
        let t = try assignable(id)
        guard agent != AgentName.bot, hasSeen(agent) else {
            throw SwarmError("no-such-agent", "nobody called \(agent) can own \(id)")
        }
        let status: TicketStatus = t.status == .new ? .doing : t.status
        _ = try checkWIP(id, owner: agent, to: status, force: nil, by: actor, policy: policy)
        update(id) { t in
            t.owner = agent
            t.status = status
            t.followers.removeAll { $0 == agent }
        }
        lastAssigned = agent
        let skills = agents[agent]?.skills ?? []
        let matched = t.tags.filter(skills.contains)
        var outcome = Outcome()
        record(id, "ticket.assigned", "assigned \(id) \(t.priority) \"\(t.title)\" to \(agent) (asked by \(actor)): \(reason)",
               by: AgentName.bot, at: now, to: .roomAndAgents(id, [agent], feed: true),
               fields: ["owner": .string(agent), "asked_by": .string(actor), "reason": .string(reason),
                        "status": .string(status.rawValue), "skills": .array(matched.map { .string($0) })],
               into: &outcome)
        return outcome
    }
}
