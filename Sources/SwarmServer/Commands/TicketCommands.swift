// Opening and looking at tickets: /open /tickets /show.
import SwarmDomain

let ticketCommands: [CommandSpec] = [
    // /open P1..P4 TITLE
    CommandSpec("open", [.priority(), .text("TITLE")], role: .agent,
                summary: "Open a ticket with its swarm room, and join the room.",
                details: ["Reply: `OK opened #N`; JSON data: `ticket`. Everyone else hears `ticket.opened` on the board feed.",
                          "Then swarmbot may suggest up to 3 FAQ entries in the new room (`bot.suggest`, heard by the opener too).",
                          "`ERR too-many-rooms` when already in --max-rooms rooms (nothing is opened)."]) { ctx, args throws(SwarmError) in
        try ctx.server.checkRoomLimit(ctx.agent, joining: nil)
        let outcome = try ctx.commit(.open(priority: args.priority(0)!, title: args.text(1)!))
        let id = outcome.ticket!
        ctx.server.presence.join(ctx.agent, id)
        if let hint = Swarmbot.suggestions(for: try ctx.board.ticket(id), at: ctx.now, in: ctx.board.faq) {
            ctx.botEvents.append(hint)
        }
        ctx.reply.message = "opened \(id)"
        ctx.reply.data = ["ticket": .int(id.value)]
    },

    // /tickets [all] [limit:N] [after:#N]
    CommandSpec("tickets", [.text("all|limit:N|after:#N…", optional: true)], role: .observer,
                summary: "List tickets not yet closed (`all`: closed ones too), by number, 50 at a time.",
                details: ["Pages as /list: `limit:N` (1 to 1000, default 50), `after:#K` for the tickets numbered above K; when more remain, the last line is the command for the next page.",
                          "JSON data: `tickets` (this page), `total`, `next`."]) { ctx, args throws(SwarmError) in
        let words = try PageWords(args.text(0), flags: ["all"], usage: "/tickets takes all, limit:N and after:#N, e.g. /tickets all limit:200")
        let all = words.flags.contains("all"), now = ctx.now
        ctx.server.replyBesideLoop(&ctx) { board in
            Reply(listing: board, .number, of: "/tickets", words: words, matching: { all || $0.pointee.status != .closed },
                  line: { Columns.ticketLine($0, now: now) }, json: { TicketJSON.summary($0) })
        }
    },

    // /show #N
    CommandSpec("show", [.ticket()], role: .observer,
                summary: "Show a ticket: status, owner, SLA clocks, the swarm (pending handoff, invites, helpers, followers), tags, links, checklist.",
                details: ["SLA lines show due times and ok|warn|breached for first response and resolution.",
                          "JSON data: `ticket` with `members`, `comments`, `sla`, `pending_handoff`, `invites`, `swarm`, `helpers`, `followers`, `tags`, `links`, `checklist`, `resolution`, `rating`."]) { ctx, args throws(SwarmError) in
        let t = try ctx.ticket(args.ticket(0)!)
        let members = ctx.server.presence.members(of: t.id)
        let sla = SLA.status(of: t, policy: ctx.server.config.policy, at: ctx.now)
        func clock(_ name: String, _ c: SLAClock, _ who: String?) -> String {
            "SLA \(name): \(c.state), due \(TimeText.iso(c.due))"
                + (c.metAt.map { " (met \(TimeText.iso($0))" + (who.map { " by \($0)" } ?? "") + ")" } ?? "")
        }
        var lines = [
            "\(t.id) \(t.priority) \(t.status): \(t.title)",
            "opened by \(t.openedBy) at \(TimeText.iso(t.openedAt)) (\((ctx.now - t.openedAt).rough) ago)",
            "owner: \(t.owner ?? "none")",
            clock("first response", sla.firstResponse, t.firstResponder),
            clock("resolution", sla.resolution, t.resolvedBy),
        ]
        if let h = t.pendingHandoff {
            lines.append("pending handoff: \(h.from) -> \(h.to)" + (h.note.map { ": \($0)" } ?? ""))
        }
        if !t.invites.isEmpty {
            lines.append("invited: " + t.invites.map { "\($0.agent) (\($0.skills.joined(separator: ",")))" }.joined(separator: ", "))
        }
        if !t.swarm.isEmpty { lines.append("swarm: " + t.swarm.joined(separator: ", ")) }
        let helpers = t.helpers
        lines.append("helpers: " + (helpers.isEmpty ? "none" : helpers.joined(separator: ", ")))
        lines.append("followers: " + (t.followers.isEmpty ? "none" : t.followers.joined(separator: ", ")))
        if !t.tags.isEmpty { lines.append("tags: " + t.tags.joined(separator: " ")) }
        if !t.links.isEmpty { lines.append("links: " + t.links.map { "\($0.kind.rawValue) \($0.ticket)" }.joined(separator: ", ")) }
        for (i, item) in t.checklist.enumerated() { lines.append("[\(item.done ? "x" : " ")] \(i + 1). \(item.text)") }
        if let r = t.resolution { lines.append("resolution: \(r)") }
        if let r = t.rating { lines.append("rating: \(r.score)/5" + (r.comment.map { " \($0)" } ?? "")) }
        lines.append("room: \(members.isEmpty ? "empty" : members.joined(separator: ", "))")
        lines.append("comments: \(t.comments.count), last activity \((ctx.now - t.lastActivityAt).rough) ago")
        ctx.reply.lines = lines
        var data = TicketJSON.summary(t)
        if case .object(var o) = data {
            func strings(_ xs: [String]) -> JSONValue { .array(xs.map { .string($0) }) }
            o["members"] = strings(members)
            o["comments"] = .int(t.comments.count)
            o["sla"] = .object(["state": .string(sla.state.rawValue),
                                "first_response": .string(sla.firstResponse.state.rawValue),
                                "first_response_due": .string(TimeText.iso(sla.firstResponse.due)),
                                "resolution": .string(sla.resolution.state.rawValue),
                                "resolution_due": .string(TimeText.iso(sla.resolution.due))])
            o["pending_handoff"] = t.pendingHandoff.map { .object(["from": .string($0.from), "to": .string($0.to),
                                                                  "note": $0.note.map { .string($0) } ?? .null]) } ?? .null
            o["invites"] = .array(t.invites.map { .object(["agent": .string($0.agent), "skills": strings($0.skills)]) })
            o["swarm"] = strings(t.swarm)
            o["helpers"] = strings(helpers)
            o["followers"] = strings(t.followers)
            o["tags"] = strings(t.tags)
            o["links"] = .array(t.links.map { .object(["kind": .string($0.kind.rawValue), "ticket": .int($0.ticket.value)]) })
            o["checklist"] = .array(t.checklist.map { .object(["text": .string($0.text), "done": .bool($0.done)]) })
            o["resolution"] = t.resolution.map { .string($0) } ?? .null
            o["rating"] = t.rating.map { .int($0.score) } ?? .null
            data = .object(o)
        }
        ctx.reply.data = ["ticket": data]
        ctx.reply.message = "\(t.id)"
    },
]

enum TicketJSON {
    static func summary(_ t: Ticket) -> JSONValue {
        .object([
            "id": .int(t.id.value), "title": .string(t.title), "priority": .string(t.priority.description),
            "status": .string(t.status.rawValue), "owner": t.owner.map { .string($0) } ?? .null,
            "opened_by": .string(t.openedBy), "opened_at": .string(TimeText.iso(t.openedAt)),
        ])
    }

    /// A ticket summary with extra keys (e.g. `quiet_ms` for `!stale`).
    static func adding(_ extra: [String: JSONValue], to t: Ticket) -> JSONValue {
        guard case .object(var o) = summary(t) else { return summary(t) }
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    static func comment(_ c: Comment) -> JSONValue {
        .object(["id": .int(c.id.value), "author": .string(c.author), "text": .string(c.text),
                 "at": .string(TimeText.iso(c.at))])
    }
}
