// Being in a ticket's room: /join /leave /room /say /who /history /agents.
import SwarmDomain

let roomCommands: [CommandSpec] = [
    // /join #N
    CommandSpec("join", [.ticket()], role: .observer,
                summary: "Join a ticket's room and make it current; replays its last 20 comments.",
                details: ["Reply: the comments as history lines `[#N HH:MM ^C history] name: text`, then `OK joined #N`; JSON data: `ticket`, `members`, `history`.",
                          "The room hears `* NAME joined` (event `room.joined`); in a room of more than --announce-limit members, the join is in the room's `room.presence` summary a second later instead.",
                          "`ERR too-many-rooms` when already in --max-rooms rooms."]) { ctx, args throws(SwarmError) in
        let t = try ctx.ticket(args.ticket(0)!)
        try ctx.server.checkRoomLimit(ctx.agent, joining: t.id)
        let fresh = ctx.server.presence.join(ctx.agent, t.id)
        let json = ctx.session.format == .json
        History.fill(&ctx.reply, t, count: ctx.server.config.historyOnJoin, json: json)
        if fresh && !ctx.server.addedToSummary(ctx.agent, joined: true, in: t.id) {
            ctx.events.append(Event("room.joined", to: .room(t.id), at: ctx.now, ticket: t.id, actor: ctx.agent,
                                    text: "\(ctx.agent) joined"))
        }
        let members = ctx.server.presence.members(of: t.id)
        ctx.reply.data["ticket"] = .int(t.id.value)
        // Text mode shows only the count: when hundreds join at once, each list was O(room).
        if json { ctx.reply.data["members"] = .array(members.map { .string($0) }) }
        ctx.reply.message = (fresh ? "joined " : "already in ") + "\(t.id) \(t.title) (\(members.count) in the room)"
    },

    // /leave [#N]
    CommandSpec("leave", [.ticket(optional: true)], role: .observer,
                summary: "Leave a room (default: your current room).",
                details: ["The room hears `* NAME left` (event `room.left`), or in a room still bigger than --announce-limit, the room's next `room.presence` summary."]) { ctx, args throws(SwarmError) in
        let id = try ctx.ticketOrCurrent(args.ticket(0))
        guard ctx.server.presence.leave(ctx.agent, id) else {
            throw SwarmError("not-in-room", "you are not in \(id)")
        }
        if !ctx.server.addedToSummary(ctx.agent, joined: false, in: id) {
            ctx.events.append(Event("room.left", to: .room(id), at: ctx.now, ticket: id, actor: ctx.agent, text: "\(ctx.agent) left"))
        }
        let current = ctx.server.presence.currentRoom(of: ctx.agent)
        ctx.reply.message = "left \(id)" + (current.map { "; current room is \($0)" } ?? "")
    },

    // /room #N
    CommandSpec("room", [.ticket()], role: .observer,
                summary: "Make a room you are in the current one: plain lines go there.") { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        _ = try ctx.ticket(id)
        guard ctx.server.presence.select(ctx.agent, id) else {
            throw SwarmError("not-in-room", "you are not in \(id); /join \(id) first")
        }
        ctx.reply.message = "current room \(id)"
    },

    // /say #N TEXT
    CommandSpec("say", [.ticket(), .text("TEXT")], role: .agent,
                summary: "Post to a room you are in without switching to it.",
                details: ["Reply: `OK ^C posted to #N`; JSON data: `ticket`, `comment`."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        guard ctx.server.board.exists(id) else { throw .noSuchTicket(id) }
        guard ctx.server.presence.isMember(ctx.agent, of: id) else {
            throw SwarmError("not-in-room", "you are not in \(id); /join \(id) first")
        }
        let outcome = try ctx.commit(.comment(ticket: id, text: args.text(1)!))
        ctx.reply.posted(outcome.comment!, to: id, withData: ctx.session.format == .json)
    },

    // /who [#N]
    CommandSpec("who", [.ticket(optional: true)], role: .observer,
                summary: "Who is in a room (default: your current room).") { ctx, args throws(SwarmError) in
        let id = try ctx.ticketOrCurrent(args.ticket(0))
        let members = ctx.server.presence.members(of: id)
        ctx.reply.lines = members
        ctx.reply.data = ["ticket": .int(id.value), "members": .array(members.map { .string($0) })]
        ctx.reply.message = "\(members.count) in \(id)"
    },

    // /history #N [COUNT]
    CommandSpec("history", [.ticket(), .integer("COUNT", optional: true)], role: .observer,
                summary: "A room's last COUNT comments (default 20, at most 500).") { ctx, args throws(SwarmError) in
        let t = try ctx.ticket(args.ticket(0)!)
        let count = args.integer(1) ?? 20
        guard (1...500).contains(count) else { throw SwarmError("usage", "COUNT is 1 to 500") }
        let json = ctx.session.format == .json
        @Sendable func answer(_ r: inout Reply) {
            History.fill(&r, t, count: count, json: json)
            r.data["ticket"] = .int(t.id.value)
            r.message = "\(min(count, t.comments.count)) of \(t.comments.count) comments in \(t.id)"
        }
        // As many as a /join replays are cheap; 500 comments took 2 ms to render (Scripts/hot-ticket),
        // and everyone catching up on a hot ticket asks at once: rendered beside the loop, from
        // the ticket as it is now.
        guard count > ctx.server.config.historyOnJoin else { return answer(&ctx.reply) }
        ctx.server.replyBesideLoop(&ctx) { _ in
            var r = Reply()
            answer(&r)
            return r
        }
    },

    // /agents
    CommandSpec("agents", role: .observer, summary: "Online agents: load (open tickets owned), skills and rooms.",
                details: ["Lines: `name  load 2  skills db,network  rooms #1 #3`. JSON data: `agents` (`name`, `load`, `skills`, `rooms`)."]) { ctx, _ throws(SwarmError) in
        // Who is online and in which rooms is read here; a line per online agent (thousands during
        // an incident) is rendered beside the loop.
        let presence = ctx.server.presence
        let agents = presence.online.sorted().map { name in
            (name: name, rooms: presence.rooms(of: name), skills: ctx.board.agents[name]?.skills ?? [])
        }
        ctx.server.replyBesideLoop(&ctx) { board in
            let loads = board.loads()
            var r = Reply()
            r.lines = agents.map { a in
                let rooms = a.rooms.map(\.description).joined(separator: " ")
                return Columns.fit(a.name, 16) + Columns.fit("load \(loads[a.name] ?? 0)", 8)
                    + Columns.fit("skills " + (a.skills.isEmpty ? "-" : a.skills.joined(separator: ",")), 30)
                    + "rooms " + (rooms.isEmpty ? "-" : rooms)
            }
            r.data = ["agents": .array(agents.map { a in
                .object(["name": .string(a.name), "rooms": .array(a.rooms.map { .int($0.value) }),
                         "load": .int(loads[a.name] ?? 0), "skills": .array(a.skills.map { .string($0) })])
            })]
            r.message = "\(agents.count) online"
            return r
        }
    },
]

enum History {
    /// The last `count` comments as history lines (text) and, for a JSON session, objects (JSON
    /// `history`): a text session never reads them, and building them was most of a join's work
    /// (`Scripts/join-storm`).
    static func fill(_ reply: inout Reply, _ t: Ticket, count: Int, json: Bool) {
        let recent = t.recentComments(count)
        reply.lines = recent.map { TextRenderer.line(.comment($0, on: t.id, to: .room(t.id), history: true)) }
        if json { reply.data["history"] = .array(recent.map { TicketJSON.comment($0) }) }
    }
}
