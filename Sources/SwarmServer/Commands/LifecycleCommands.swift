// A ticket's lifecycle and attributes: /status /resolve /reopen /close /priority /tag /link /check.
import SwarmDomain

let lifecycleCommands: [CommandSpec] = [
    // /status #N STATUS [NOTE | force REASON]
    CommandSpec("status", [.ticket(), .choice(TicketStatus.allCases.map(\.rawValue)), .text("NOTE|force REASON", optional: true)], role: .agent,
                summary: "Move a ticket: new, doing, blocked, review move freely; doing claims an unowned ticket.",
                details: ["`resolved` needs the resolution as NOTE (same as /resolve); `closed` only from resolved. A bad move is `ERR bad-transition` listing the allowed moves.",
                          "Reply: `OK #N is STATUS`. Event: `ticket.status` (room and feed; JSON fields `from`, `to`, `owner`, `note`). WIP limits apply to doing and limited columns; `force REASON` overrides."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        let status = TicketStatus(rawValue: args.text(1)!)!
        let (note, force) = try Force.split(args.text(2))
        let outcome = try ctx.commit(.setStatus(ticket: id, status: status, note: note, force: force))
        let t = try ctx.ticket(id)
        ctx.reply.message = "\(id) is \(t.status)" + (t.owner.map { " (owner \($0))" } ?? "") + outcome.overrideNote(forced: force != nil)
        ctx.reply.data = ["ticket": .int(id.value), "status": .string(t.status.rawValue), "owner": t.owner.map { .string($0) } ?? .null]
    },

    // /resolve #N RESOLUTION
    CommandSpec("resolve", [.ticket(), .text("RESOLUTION")], role: .agent,
                summary: "Resolve an open ticket, recording how (stops the resolution SLA clock).",
                details: ["Reply: `OK resolved #N`. Event: `ticket.resolved` (room and feed; field `resolution`)."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        try ctx.commit(.resolve(ticket: id, resolution: args.text(1)!))
        ctx.reply.message = "resolved \(id)"
        ctx.reply.data = ["ticket": .int(id.value), "status": "resolved"]
    },

    // /reopen #N [REASON]
    CommandSpec("reopen", [.ticket(), .text("REASON", optional: true)], role: .agent,
                summary: "Reopen a resolved or closed ticket: back to doing if owned, else new.",
                details: ["Reply: `OK reopened #N (doing)`. Event: `ticket.reopened` (room and feed)."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        try ctx.commit(.reopen(ticket: id, reason: args.text(1)))
        let t = try ctx.ticket(id)
        ctx.reply.message = "reopened \(id) (\(t.status))"
        ctx.reply.data = ["ticket": .int(id.value), "status": .string(t.status.rawValue)]
    },

    // /close #N
    CommandSpec("close", [.ticket()], role: .lead,
                summary: "Close a resolved ticket (it leaves the board; only /reopen brings it back).",
                details: ["Reply: `OK closed #N`. Event: `ticket.closed` (room and feed)."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        try ctx.commit(.close(ticket: id))
        ctx.reply.message = "closed \(id)"
        ctx.reply.data = ["ticket": .int(id.value), "status": "closed"]
    },

    // /priority #N P1..P4
    CommandSpec("priority", [.ticket(), .priority()], role: .agent,
                summary: "Change a ticket's priority (P1..P4 or critical|high|normal|low).",
                details: ["Reply: `OK #N is P2`. Event: `ticket.priority` to the room (and the feed when it becomes P1).",
                          "A resolved or closed ticket keeps the priority its SLA was measured against: `ERR not-open` (reopen it first)."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        // Checked here, not in the board: journals written before this rule must still replay.
        let t = try ctx.ticket(id)
        guard t.status.isOpen else {
            throw SwarmError("not-open", "\(id) is \(t.status); /reopen \(id) before you change its priority (its SLA was measured at \(t.priority))")
        }
        try ctx.commit(.setPriority(ticket: id, priority: args.priority(1)!))
        ctx.reply.message = "\(id) is \(args.priority(1)!)"
        ctx.reply.data = ["ticket": .int(id.value), "priority": .string(args.priority(1)!.description)]
    },

    // /tag #N +TAG -TAG…
    CommandSpec("tag", [.ticket(), .text("+TAG -TAG…")], role: .agent,
                summary: "Add (+db or db) and remove (-network) tags; /list tag:T and /wanted use them.",
                details: ["Reply: `OK #N tags: db vpn`. Event: `ticket.tagged` (room; field `tags`)."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        let (add, remove) = try Keyword.parseChanges(args.text(1)!)
        try ctx.commit(.tag(ticket: id, add: add, remove: remove))
        let tags = try ctx.ticket(id).tags
        ctx.reply.message = "\(id) tags: " + (tags.isEmpty ? "none" : tags.joined(separator: " "))
        ctx.reply.data = ["ticket": .int(id.value), "tags": .array(tags.map { .string($0) })]
    },

    // /link #N #M duplicate|related|blocks
    CommandSpec("link", [.ticket(), .ticket("#M"), .choice(["duplicate", "related", "blocks"])], role: .agent,
                summary: "Link two tickets; `blocks` shows as `blocked-by` on the other one.",
                details: ["Reply: `OK linked #N blocks #M`. Event: `ticket.linked` in both rooms."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!, other = args.ticket(1)!
        let kind = LinkKind(rawValue: args.text(2)!)!
        try ctx.commit(.link(ticket: id, other: other, kind: kind))
        ctx.reply.message = "linked \(id) \(kind.rawValue) \(other)"
        ctx.reply.data = ["ticket": .int(id.value), "other": .int(other.value), "kind": .string(kind.rawValue)]
    },

    // /check #N add TEXT | done K | undo K
    CommandSpec("check", [.ticket(), .choice(["add", "done", "undo"]), .text("TEXT|K")], role: .agent,
                summary: "A ticket's checklist: add an item, tick item K done, or undo it.",
                details: ["Reply: `OK #N checklist 1/3 done`. Event: `ticket.checklist` (room; fields `item`, `done`, `item_text`)."]) { ctx, args throws(SwarmError) in
        let id = args.ticket(0)!
        let rest = args.text(2)!
        switch args.text(1)! {
        case "add":
            try ctx.commit(.checkAdd(ticket: id, text: rest))
        default:
            guard let k = Int(rest) else { throw SwarmError("usage", "usage: /check #N done|undo K (K is the item number)") }
            try ctx.commit(.checkMark(ticket: id, item: k, done: args.text(1) == "done"))
        }
        let list = try ctx.ticket(id).checklist
        ctx.reply.lines = list.enumerated().map { "[\($0.element.done ? "x" : " ")] \($0.offset + 1). \($0.element.text)" }
        ctx.reply.message = "\(id) checklist \(list.filter(\.done).count)/\(list.count) done"
        ctx.reply.data = ["ticket": .int(id.value), "checklist": .array(list.map { .object(["text": .string($0.text), "done": .bool($0.done)]) })]
    },
]
