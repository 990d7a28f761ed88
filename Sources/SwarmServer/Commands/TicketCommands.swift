// Opening and looking at tickets: /open /tickets /show.
import SwarmDomain

let ticketCommands: [CommandSpec] = [
    // /open P1..P4 TITLE
    CommandSpec("open", [.priority(), .text("TITLE")], role: .agent,
                summary: "Open a ticket with its swarm room, and join the room.",
                details: ["Reply: `OK opened #N`; JSON data: `ticket`. Everyone else hears `ticket.opened` on the board feed.", "Then swarmbot may suggest up to 3 FAQ entries in the new room (`bot.suggest`, heard by the opener too)."]) { ctx, args throws(SwarmError) in
        let outcome = try ctx.commit(.open(priority: args.priority(0)!, title: args.text(1)!))
        let id = outcome.ticket!
        ctx.server.presence.join(ctx.agent, id)
        if let hint = Swarmbot.suggestions(for: try ctx.board.ticket(id), at: ctx.now, in: ctx.board.faq) {
            ctx.botEvents.append(hint)
        }
        ctx.reply.message = "opened \(id)"
        ctx.reply.data = ["ticket": .int(id.value)]
    },

    // /tickets [all]
    CommandSpec("tickets", [.choice(["all"], optional: true)], role: .observer,
                summary: "List tickets not yet closed (`all`: closed ones too), by number.") { ctx, args throws(SwarmError) in
        let all = args.text(0) != nil
        let shown = ctx.board.tickets.filter { all || $0.status != .closed }
        ctx.reply.lines = shown.map { Columns.ticketLine($0, now: ctx.now) }
        ctx.reply.data = ["tickets": .array(shown.map { TicketJSON.summary($0) })]
        ctx.reply.message = "\(shown.count) ticket\(shown.count == 1 ? "" : "s")"
    },

    // /show #N
    CommandSpec("show", [.ticket()], role: .observer,
                summary: "Show a ticket: status, owner, room members, activity.") { ctx, args throws(SwarmError) in
        let t = try ctx.ticket(args.ticket(0)!)
        let members = ctx.server.presence.members(of: t.id)
        ctx.reply.lines = [
            "\(t.id) \(t.priority) \(t.status): \(t.title)",
            "opened by \(t.openedBy) at \(TimeText.iso(t.openedAt)) (\((ctx.now - t.openedAt).rough) ago)",
            "owner: \(t.owner ?? "none")",
            "room: \(members.isEmpty ? "empty" : members.joined(separator: ", "))",
            "comments: \(t.comments.count), last activity \((ctx.now - t.lastActivityAt).rough) ago",
        ]
        var data = TicketJSON.summary(t)
        if case .object(var o) = data {
            o["members"] = .array(members.map { .string($0) })
            o["comments"] = .int(t.comments.count)
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
