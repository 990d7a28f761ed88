// Gathering people: /skills /swarm /wanted /whois /mute /unmute /rate.
import SwarmDomain

let swarmCommands: [CommandSpec] = [
    // /skills [+SKILL -SKILL…]
    CommandSpec("skills", [.text("+SKILL -SKILL…", optional: true)], role: .agent,
                summary: "Declare what you know (+db or db adds, -dns removes); alone, shows your skills.",
                details: ["Reply: `OK skills: db network`; JSON data: `skills`. /swarm and /wanted match on these."]) { ctx, args throws(SwarmError) in
        if let text = args.text(0) {
            let (add, remove) = try Keyword.parseChanges(text)
            try ctx.commit(.skills(add: add, remove: remove))
        }
        let skills = ctx.board.agents[ctx.agent]?.skills ?? []
        ctx.reply.message = "skills: " + (skills.isEmpty ? "none" : skills.joined(separator: " "))
        ctx.reply.data = ["skills": .array(skills.map { .string($0) })]
    },

    // /swarm #N SKILL[,SKILL…] [MESSAGE]
    CommandSpec("swarm", [.ticket(), .word("SKILL[,SKILL…]"), .text("MESSAGE", optional: true)], role: .agent,
                summary: "Summon the smallest set of online agents outside the room who cover the skills, least loaded first.",
                details: ["Reply: `OK invited bob (db), carol (network); nobody online has: dns`; JSON data: `invited`, `missing` (nobody online has them), `taken` (their holders are in the room or were asked). ERR `nobody` when no one online can help.",
                          "Each invitee gets `swarm.invited` naming the ticket, priority, title, caller and message, and answers /accept #N or /decline #N [REASON]; a decline or --invite-timeout passes it on.",
                          "Event `swarm.called` in the room. A resolved or closed ticket: `ERR not-open` (reopen it first)."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        let t = try ctx.ticket(id)
        guard t.status.isOpen else { throw SwarmError("not-open", "\(id) is \(t.status); /reopen \(id) before you call a swarm to it") }
        var skills: [String] = []
        for word in args.text(1)!.split(separator: ",") {
            guard let k = Keyword.normalize(word) else { throw SwarmError("usage", "\"\(word.prefix(40))\" is not a skill") }
            if !skills.contains(k) { skills.append(k) }
        }
        guard (1...8).contains(skills.count) else { throw SwarmError("usage", "ask for 1 to 8 skills") }
        let pick = SwarmSelection.pick(skills: skills, from: ctx.server.swarmCandidates(for: t, excluding: [ctx.agent]))
        // Tell apart skills nobody online has at all from skills whose holders are busy here.
        let online = ctx.server.presence.online
        let absent = pick.missing.filter { skill in !online.contains { ctx.board.agents[$0]?.skills.contains(skill) ?? false } }
        let taken = pick.missing.filter { !absent.contains($0) }
        var notes: [String] = []
        if !absent.isEmpty { notes.append("nobody online has: " + absent.joined(separator: ", ")) }
        if !taken.isEmpty { notes.append("everyone online with \(taken.joined(separator: ", ")) is in \(id) or was asked already") }
        let missing = notes.joined(separator: "; ")
        guard !pick.invitees.isEmpty else { throw SwarmError("nobody", missing) }
        let message = args.text(2)
        let invites = pick.invitees.map { Invite(agent: $0.name, skills: $0.skills, by: ctx.agent, message: message, at: ctx.now) }
        try ctx.commit(.summon(ticket: id, invites: invites, wanted: skills.filter { !pick.missing.contains($0) }))
        ctx.reply.message = "invited " + invites.map { "\($0.agent) (\($0.skills.joined(separator: ",")))" }.joined(separator: ", ")
            + (missing.isEmpty ? "" : "; " + missing)
        ctx.reply.data = ["ticket": .int(id.value), "invited": .array(invites.map { .string($0.agent) }),
                          "missing": .array(absent.map { .string($0) }), "taken": .array(taken.map { .string($0) })]
    },

    // /wanted [limit:N] [after:#N]
    CommandSpec("wanted", [.text("limit:N|after:#N…", optional: true)], role: .agent,
                summary: "Open tickets that need your skills: asked for by a /swarm, or unowned and tagged with them.",
                details: ["Lines like /list plus the matching skills, 50 at a time (pages as /list: `limit:N`, `after:#K`). JSON data: `tickets`, `total`, `next`."]) { ctx, args throws(SwarmError) in
        let words = try PageWords(args.text(0), usage: "/wanted takes limit:N and after:#N, e.g. /wanted limit:200")
        try words.checkCursor(ctx.board)
        let me = ctx.agent, now = ctx.now, policy = ctx.server.config.policy
        let mine = ctx.board.agents[me]?.skills ?? []
        if mine.isEmpty {
            // Nothing can match: no need to look.
            ctx.reply.message = "declare skills with /skills +SKILL first"
            ctx.reply.data = ["tickets": .array([]), "total": .int(0), "next": .null]
            return
        }
        ctx.server.replyBesideLoop(&ctx) { board in
            // Asked for, then tagged; read in place (`for t in tickets` copied every ticket).
            func skills(_ t: UnsafePointer<Ticket>) -> [String] {
                guard t.pointee.status.isOpen, t.pointee.owner != me, !t.pointee.swarm.contains(me) else { return [] }
                let asked = t.pointee.wantedSkills.filter(mine.contains)
                let tagged = t.pointee.owner == nil ? t.pointee.tags.filter(mine.contains) : []
                return asked + tagged.filter { !asked.contains($0) }
            }
            return Reply(listing: board, .board, of: "/wanted", words: words, matching: { !skills($0).isEmpty },
                         counted: { "\($0) ticket\($0 == 1 ? "" : "s") want you" },
                         line: { t in
                             BoardText.line(t, now: now, policy: policy, width: 62)
                                 + " [" + withUnsafePointer(to: t) { skills($0) }.joined(separator: ",") + "]"
                         },
                         json: { BoardText.json($0, now: now, policy: policy) })
        }
    },

    // /whois NAME
    CommandSpec("whois", [.word("NAME")], role: .observer,
                summary: "An agent's skills, load, swarms joined, first responses and resolutions.",
                details: ["JSON data: `name`, `online`, `skills`, `load`, `doing`, `swarms`, `first_responses`, `resolutions`, `opened`."]) { ctx, args throws(SwarmError) in
        let name = args.text(0)!
        guard let agent = ctx.board.agents[name] else { throw SwarmError("no-such-agent", "nobody called \(name) has ever connected") }
        let online = ctx.server.presence.isOnline(name)
        ctx.server.replyBesideLoop(&ctx) { board in
            let w = AgentRecord(of: name, on: board)
            var r = Reply()
            r.lines = [
                "\(name): \(online ? "online" : "offline"), first seen \(TimeText.iso(agent.firstSeen))",
                "skills: " + (agent.skills.isEmpty ? "none declared" : agent.skills.joined(separator: " ")),
                "load: \(w.load) open owned, \(w.doing.count) in doing" + (w.doing.isEmpty ? "" : " (\(w.doing.map(\.description).joined(separator: " ")))"),
                "swarms joined: \(w.swarms.count)" + (w.swarms.isEmpty ? "" : " (\(w.swarms.map(\.description).joined(separator: " ")))"),
                "first responses: \(w.firstResponses), resolutions: \(w.resolutions), tickets opened: \(w.opened)",
            ]
            r.data = ["name": .string(name), "online": .bool(online), "skills": .array(agent.skills.map { .string($0) }),
                      "load": .int(w.load), "doing": .int(w.doing.count),
                      "swarms": .array(w.swarms.map { .int($0.value) }), "first_responses": .int(w.firstResponses),
                      "resolutions": .int(w.resolutions), "opened": .int(w.opened)]
            r.message = "whois \(name)"
            return r
        }
    },

    // /mute board|#N
    CommandSpec("mute", [.word("board|#N")], role: .observer,
                summary: "Stop hearing board-feed events: all of them (`board`) or one ticket's (#N). Kept across reconnects.",
                details: ["Room events still reach you in rooms you joined, and handoffs to you always do. Reply: `OK muted board`."]) { ctx, args throws(SwarmError) in
        let target = try MuteParsing.target(args.text(0)!)
        try ctx.commit(.mute(target))
        ctx.reply.message = "muted " + MuteParsing.describe(target)
    },

    // /unmute board|#N
    CommandSpec("unmute", [.word("board|#N")], role: .observer,
                summary: "Hear board-feed events again: all (`board`) or one ticket's (#N).",
                details: ["Reply: `OK unmuted #N`."]) { ctx, args throws(SwarmError) in
        let target = try MuteParsing.target(args.text(0)!)
        try ctx.commit(.unmute(target))
        ctx.reply.message = "unmuted " + MuteParsing.describe(target)
    },

    // /rate #N 1..5 [COMMENT]
    CommandSpec("rate", [.ticket(), .integer("1..5"), .text("COMMENT", optional: true)], role: .agent,
                summary: "The requester's satisfaction (1 to 5) with a resolved ticket; once.",
                details: ["Only the agent who opened the ticket rates it, after it is resolved. Reply: `OK rated #N 4/5`. Event: `ticket.rated` (room)."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        try ctx.commit(.rate(ticket: id, score: args.integer(1)!, comment: args.text(2)))
        ctx.reply.message = "rated \(id) \(args.integer(1)!)/5"
        ctx.reply.data = ["ticket": .int(id.value), "score": .int(args.integer(1)!)]
    },
]

enum MuteParsing {
    static func target(_ word: String) throws(SwarmError) -> MuteTarget {
        if word.lowercased() == "board" { return .board }
        guard let id = TicketID(parsing: word[...]) else { throw SwarmError("usage", "mute `board` or a ticket #N") }
        return .ticket(id)
    }
    static func describe(_ t: MuteTarget) -> String {
        switch t {
        case .board: "board"
        case .ticket(let id): id.description
        }
    }
}
