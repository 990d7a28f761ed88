// The handlers of `!sla`, `!assign` and `!promote`: what the asker reads and what the swarm hears.
import SwarmDomain

enum BotWorkReplies {
    // !sla #N
    static func sla(_ ctx: inout CommandContext, _ id: TicketID) throws(SwarmError) {
        let t = try ctx.ticket(id)
        let clocks = SLAReport.clocks(of: t, policy: ctx.server.config.policy, at: ctx.now)
        ctx.reply.lines = ["\(t.id) \(t.priority) \(t.status): \(t.title); owner \(t.owner ?? "unassigned")"]
            + clocks.map { line($0) }
        var data: ReplyData = ["ticket": .int(t.id.value), "priority": .string(t.priority.description),
                                         "status": .string(t.status.rawValue), "owner": t.owner.map { .string($0) } ?? .null]
        for c in clocks { data[c.kind.rawValue] = json(c) }
        ctx.reply.data = data
        ctx.reply.message = "\(t.id) SLA: " + clocks.map { "\($0.kind.words) \($0.verdict.rawValue)" }.joined(separator: ", ")
    }

    /// `first response: warn, target 15m, due 2026-11-22 14:15, elapsed 12m (3m left)`.
    static func line(_ c: SLAClockReport) -> String {
        var s = "\(c.kind.words): \(c.verdict.rawValue), target \(c.target), due \(TimeText.minute(c.due)), elapsed \(c.elapsed.rough)"
        let done = c.kind == .firstResponse ? "responded" : "resolved"
        switch c.verdict {
        case .ok, .warn: s += " (\(Span(millis: c.target.millis - c.elapsed.millis).rough) left)"
        case .breached where c.stoppedAt == nil: s += " (\(Span(millis: c.elapsed.millis - c.target.millis).rough) over)"
        case .breached, .met:
            s += " (\(done) \(TimeText.minute(c.stoppedAt!))" + (c.by.map { " by \($0)" } ?? "")
                + (c.verdict == .breached ? ", \(Span(millis: c.elapsed.millis - c.target.millis).rough) late)" : ")")
        case .stopped: s += c.kind == .firstResponse ? " (resolved without a first response)" : " (not running)"
        }
        if let a = c.alerted { s += a == .warning ? "; swarmbot warned" : "; swarmbot announced the breach" }
        return s
    }

    static func json(_ c: SLAClockReport) -> JSONValue {
        .object(["state": .string(c.verdict.rawValue), "target": .string(c.target.description),
                 "target_ms": .int(Int(c.target.millis)), "due": .string(TimeText.iso(c.due)),
                 "elapsed_ms": .int(Int(c.elapsed.millis)),
                 "stopped_at": c.stoppedAt.map { .string(TimeText.iso($0)) } ?? .null,
                 "by": c.by.map { .string($0) } ?? .null,
                 "alerted": c.alerted.map { .string($0 == .warning ? "warning" : "breached") } ?? .null])
    }

    // !assign #N
    static func assign(_ ctx: inout CommandContext, _ id: TicketID) throws(SwarmError) {
        let rule = ctx.server.config.assignRule
        let pick = try Assignment.pick(id, on: ctx.board, eligible: ctx.server.assignableAgents, rule: rule,
                                       policy: ctx.server.config.policy)
        try ctx.commit(.assign(ticket: id, agent: pick.agent, reason: pick.reason))
        let t = try ctx.ticket(id)
        ctx.reply.message = "assigned \(id) to \(pick.agent) (\(t.status)): \(pick.reason)"
        ctx.reply.data = ["ticket": .int(id.value), "owner": .string(pick.agent), "status": .string(t.status.rawValue),
                          "policy": .string(rule.rawValue), "reason": .string(pick.reason),
                          "skills": .array(pick.matched.map { .string($0) })]
    }

    // !promote #N [KEY]
    static func promote(_ ctx: inout CommandContext, ticket id: TicketID, key given: String?) throws(SwarmError) {
        let key: String
        if let given { key = given.lowercased() } else { key = try ctx.board.promotionKey(for: id) }
        try ctx.commit(.faqPromoteTicket(ticket: id, key: key))
        let e = ctx.board.faq[key]!
        ctx.reply.message = "promoted \(id) to !faq \(key): \(e.title)"
        ctx.reply.data = ["key": .string(key), "ticket": .int(id.value), "entry": FAQReplies.json(e)]
    }
}
