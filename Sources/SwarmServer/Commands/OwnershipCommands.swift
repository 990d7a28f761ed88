// Who owns a ticket: /claim /release /handoff /accept /decline.
import SwarmDomain

let ownershipCommands: [CommandSpec] = [
    // /claim #N [force REASON]
    CommandSpec("claim", [.ticket(), .text("take REASON|force REASON", optional: true)], role: .agent,
                summary: "Own a ticket; a new one moves to doing. Refused if someone owns it or over a WIP limit.",
                details: ["Reply: `OK claimed #N (doing)`; JSON data: `ticket`, `owner`, `status`. Errors: `owned` (names the owner), `wip-limit` (says the limit and what to release), `not-open`.",
                          "`force REASON` overrides a WIP limit; the override is announced as `ticket.wip_override` and kept in the timeline.",
                          "`take REASON` (role lead): take a ticket someone owns; the old owner stays as a follower and is told wherever they are. Event `ticket.taken_over` (room, feed, old owner; fields `previous_owner`, `reason`).",
                          "Event: `ticket.claimed` to the room and the board feed."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        if let rest = args.text(1), rest.lowercased().hasPrefix("take") && (rest.count == 4 || rest.dropFirst(4).first == " ") {
            // `/claim #N take REASON [force REASON]` is not offered: a lead over WIP releases first.
            try ctx.require(.lead, to: "taking over a ticket someone owns")
            let previous = try ctx.ticket(id).owner
            let outcome = try ctx.commit(.takeOver(ticket: id, reason: String(rest.dropFirst(4)), force: nil))
            let t = try ctx.ticket(id)
            ctx.reply.message = "took over \(id) from \(previous ?? "nobody") (\(t.status))" + outcome.overrideNote(forced: false)
            ctx.reply.data = ["ticket": .int(id.value), "owner": .string(ctx.agent), "status": .string(t.status.rawValue)]
            return
        }
        let (note, force) = try Force.split(args.text(1))
        if note != nil { throw SwarmError("usage", "usage: /claim #N [take REASON | force REASON]") }
        let outcome = try ctx.commit(.claim(ticket: id, force: force))
        let t = try ctx.ticket(id)
        ctx.reply.message = "claimed \(id) (\(t.status))" + outcome.overrideNote(forced: force != nil)
        ctx.reply.data = ["ticket": .int(id.value), "owner": .string(ctx.agent), "status": .string(t.status.rawValue)]
    },

    // /release #N
    CommandSpec("release", [.ticket()], role: .agent,
                summary: "Give a ticket you own back to the queue (doing becomes new).",
                details: ["Reply: `OK released #N (new)`. Error `not-owner`. Event: `ticket.released` (room and feed)."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        try ctx.commit(.release(ticket: id))
        let t = try ctx.ticket(id)
        ctx.reply.message = "released \(id) (\(t.status))"
        ctx.reply.data = ["ticket": .int(id.value), "status": .string(t.status.rawValue)]
    },

    // /handoff #N NAME [NOTE]
    CommandSpec("handoff", [.ticket(), .word("NAME"), .text("NOTE", optional: true)], role: .agent,
                summary: "Offer a ticket you own to another agent; you own it until they /accept.",
                details: ["Reply: `OK offered #N to NAME` (+ `; NAME is offline and will be told at their next /hello`). Errors: `not-owner`, `no-such-agent` (a name never seen), `handoff-pending`.",
                          "Event: `ticket.handoff` to the room, the receiver wherever they are (even muted), and the feed; JSON fields `from`, `to`, `note`."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        let name = args.text(1)!
        let offline = !ctx.server.presence.isOnline(name)
        try ctx.commit(.handoff(ticket: id, to: name, note: args.text(2), receiverOffline: offline))
        ctx.reply.message = "offered \(id) to \(name)" + (offline ? "; \(name) is offline and will be told at their next /hello" : "")
        ctx.reply.data = ["ticket": .int(id.value), "to": .string(name), "online": .bool(!offline)]
    },

    // /accept #N [force REASON]
    CommandSpec("accept", [.ticket(), .text("force REASON", optional: true)], role: .agent,
                summary: "Take a ticket handed off to you, or join a swarm you were invited to.",
                details: ["Handoff: `OK you own #N now` (event `ticket.handoff_accepted`; the old owner becomes a follower). WIP limits apply; `force REASON` overrides.",
                          "Invite: joins the room, replies with its history and `OK joined the swarm on #N` (event `swarm.joined`).",
                          "Error `nothing-pending` when nothing waits for you on #N."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        let (note, force) = try Force.split(args.text(1))
        if note != nil { throw SwarmError("usage", "usage: /accept #N [force REASON]") }
        let t = try ctx.ticket(id)
        if t.pendingHandoff?.to == ctx.agent {
            let outcome = try ctx.commit(.acceptHandoff(ticket: id, force: force))
            ctx.reply.message = "you own \(id) now" + outcome.overrideNote(forced: force != nil)
            ctx.reply.data = ["ticket": .int(id.value), "owner": .string(ctx.agent), "accepted": "handoff"]
            return
        }
        try ctx.commit(.acceptInvite(ticket: id))
        ctx.server.presence.join(ctx.agent, id)
        History.fill(&ctx.reply, try ctx.ticket(id), count: ctx.server.config.historyOnJoin,
                     json: ctx.session.format == .json)
        ctx.reply.message = "joined the swarm on \(id)"
        ctx.reply.data["ticket"] = .int(id.value)
        ctx.reply.data["accepted"] = "invite"
    },

    // /decline #N [REASON]
    CommandSpec("decline", [.ticket(), .text("REASON", optional: true)], role: .agent,
                summary: "Refuse a handoff (the owner keeps it) or a swarm invite (it passes to the next agent with the skill).",
                details: ["Handoff: `OK declined the handoff of #N` (event `ticket.handoff_declined`).",
                          "Invite: `OK declined the invite to #N; passed to NAME` (event `swarm.declined`, and `swarm.invited` to the next agent)."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        let t = try ctx.ticket(id)
        if t.pendingHandoff?.to == ctx.agent {
            try ctx.commit(.declineHandoff(ticket: id, reason: args.text(1)))
            ctx.reply.message = "declined the handoff of \(id)"
            ctx.reply.data = ["ticket": .int(id.value), "declined": "handoff"]
            return
        }
        guard let invite = t.invites.first(where: { $0.agent == ctx.agent }) else {
            throw SwarmError("nothing-pending", "nothing for you to answer on \(id): no handoff or invite is waiting for you")
        }
        let next = ctx.server.nextInvites(after: invite, on: t)
        try ctx.commit(.declineInvite(ticket: id, reason: args.text(1), next: next))
        ctx.reply.message = "declined the invite to \(id)"
            + (next.isEmpty ? "; nobody else online has \(invite.skills.joined(separator: ","))" : "; passed to " + next.map(\.agent).joined(separator: ", "))
        ctx.reply.data = ["ticket": .int(id.value), "declined": "invite", "next": .array(next.map { .string($0.agent) })]
    },
]

extension Outcome {
    /// `; WIP override recorded` when a `force` went past a limit: the reply says so, like the
    /// event everyone else sees.
    /// A `force` that no limit needed is said too: its reason was not recorded anywhere.
    func overrideNote(forced: Bool) -> String {
        if events.contains(where: { $0.name == "ticket.wip_override" }) { return "; WIP override recorded" }
        return forced ? "; force not needed: no WIP limit was in the way (nothing recorded)" : ""
    }
}
