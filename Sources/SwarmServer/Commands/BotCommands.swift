// The `!` commands answered by swarmbot: help, the FAQ, feedback, promotion, stale, triage, SLA
// clocks and assignment.
import SwarmDomain

let botCommands: [CommandSpec] = [
    // !help [COMMAND]
    CommandSpec("help", [.word("COMMAND", optional: true)], prefix: .bang, role: .observer, beforeHello: true,
                summary: "List the bot's commands, or explain one.") { ctx, args throws(SwarmError) in
        try Help.answer(&ctx, topic: args.text(0), bot: true)
    },

    // !faq KEY | search WORDS | add KEY TEXT | edit KEY TEXT | rm KEY | list | review
    CommandSpec("faq", [.word("KEY|search|add|edit|rm|list|review"), .text("WORDS|KEY TEXT", optional: true)],
                prefix: .bang, role: .observer,
                summary: "Ask the FAQ: `!faq KEY` answers; `search`, `add`, `edit`, `rm`, `list`, `review` manage it.",
                details: [
                    "`!faq KEY`: the entry (lines: title, answer, tags/votes); JSON data `entry`. Unknown key: `ERR no-such-faq` naming the closest keys.",
                    "`!faq search WORDS`: the best 5 entries (title, key and tags weigh 3× the answer; case and accents ignored; ties go to the entry that helped most); JSON data `results` [{`key`,`title`,`score`}].",
                    "`!faq add KEY TEXT` (agent), `!faq edit KEY TEXT` (lead), `!faq rm KEY` (lead): TEXT is `ANSWER`, `TITLE | ANSWER` or `TITLE | ANSWER | TAG TAG…`; everyone else hears `faq.added`/`faq.edited`/`faq.removed` on the board feed.",
                    "`!faq list`: every entry; `!faq review`: entries not updated for --faq-review-after or voted unhelpful more than helpful. Both only to the asker; JSON data `entries`.",
                    "Asked in a room, `!faq KEY` and `!faq search` are also said in the room as swarmbot (`bot.answer`, `bot.search`) so the whole swarm sees them; outside a room only the asker does.",
                ]) { ctx, args throws(SwarmError) in
        let verb = args.text(0)!.lowercased()
        let rest = args.text(1)
        switch verb {
        case "search": try FAQReplies.search(&ctx, rest)
        case "add", "edit": try FAQReplies.write(&ctx, verb: verb, rest)
        case "rm": try FAQReplies.remove(&ctx, rest)
        case "list", "review":
            guard rest == nil else { throw SwarmError("usage", "!faq \(verb) takes nothing more") }
            FAQReplies.list(&ctx, review: verb == "review")
        default:
            guard rest == nil else {
                throw SwarmError("usage", "!faq \(verb.prefix(40)) takes no more words; to search write !faq search WORDS")
            }
            try FAQReplies.answer(&ctx, key: verb)
        }
    },

    // !helped KEY
    CommandSpec("helped", [.word("KEY")], prefix: .bang, role: .agent,
                summary: "Say an FAQ answer helped: search ranks it higher.",
                details: ["Reply: `OK thanks: KEY helped N times`; JSON data `key`, `helped`, `not_helped`."]) { ctx, args throws(SwarmError) in
        try FAQReplies.vote(&ctx, key: args.text(0)!, helped: true)
    },

    // !nothelped KEY
    CommandSpec("nothelped", [.word("KEY")], prefix: .bang, role: .agent,
                summary: "Say an FAQ answer did not help: it shows up in `!faq review`.",
                details: ["Reply: `OK noted: KEY did not help N times`; JSON data `key`, `helped`, `not_helped`."]) { ctx, args throws(SwarmError) in
        try FAQReplies.vote(&ctx, key: args.text(0)!, helped: false)
    },

    // !promote #N [KEY] | ^A..^B KEY
    CommandSpec("promote", [.word("#N|^A..^B"), .word("KEY", optional: true)], prefix: .bang, role: .agent,
                summary: "Turn a resolved ticket's resolution, or a range of one ticket's comments, into a new FAQ entry titled after the ticket.",
                details: ["`!promote #12 [KEY]`: the title and resolution of a resolved (or closed) ticket, with its tags. KEY defaults to a slug of the title (`VPN drops in Berlin` → `vpn-drops-berlin`, then `-2`, `-3` … if taken).",
                          "Refusals: `not-resolved` (still open), `no-resolution` (no resolution text), `faq-key-taken` (a KEY given that exists), `bad-key`.",
                          "`!promote ^12..^19 KEY` (or `^12` alone): the comments' texts in order, joined by ` / `, become the answer. Refusals: `bad-range` (backwards, across tickets, over 50 comments), `no-such-comment`, `faq-key-taken`, `bad-key`, `invalid` (the joined answer is over 2,000 characters).",
                          "Reply: `OK promoted #N to !faq KEY: TITLE` or `OK promoted #N ^A..^B to !faq KEY`; JSON data `key`, `ticket` (and `entry` for #N). Everyone else hears `faq.added`."]) { ctx, args throws(SwarmError) in
        let source = args.text(0)!
        if source.hasPrefix("#") {
            guard let id = TicketID(parsing: source[...]) else { throw SwarmError("usage", "a ticket reads #12; usage: !promote #N [KEY]") }
            try BotWorkReplies.promote(&ctx, ticket: id, key: args.text(1))
            return
        }
        let (from, to) = try CommentRange.parse(source)
        guard let raw = args.text(1) else { throw SwarmError("usage", "a comment range needs a KEY: !promote ^A..^B KEY") }
        let key = raw.lowercased()
        let outcome = try ctx.commit(.faqPromote(key: key, from: from, to: to))
        let ticket = outcome.ticket!
        ctx.reply.message = "promoted \(ticket) \(from)..\(to) to !faq \(key)"
        ctx.reply.data = ["key": .string(key), "ticket": .int(ticket.value)]
    },

    // !sla #N
    CommandSpec("sla", [.ticket()], prefix: .bang, role: .observer,
                summary: "Show a ticket's two SLA clocks: first response and resolution.",
                details: ["Lines: `first response: warn, target 15m, due 2026-11-22 14:15, elapsed 12m (3m left)`; a state is ok, warn (80% gone), breached (past due, or met late), met (stopped in time) or stopped (the ticket was resolved without it).",
                          "Reply: `OK #N SLA: first response warn, resolution ok`; JSON data `ticket`, `priority`, `status`, `owner`, and per clock (`first_response`, `resolution`): `state`, `target`, `target_ms`, `due`, `elapsed_ms`, `stopped_at`, `by`, `alerted` (`warning`, `breached` or null).",
                          "swarmbot announces each clock once at 80% (`sla.warning`) and once at breach (`sla.breached`), in the room and on the board feed."]) { ctx, args throws(SwarmError) in
        try BotWorkReplies.sla(&ctx, args.ticket(0)!)
    },

    // !assign #N
    CommandSpec("assign", [.ticket()], prefix: .bang, role: .agent,
                summary: "Let swarmbot pick an owner for an unassigned ticket by --assign (least-loaded or round-robin).",
                details: ["Picks among online agents (not observers), preferring those with a skill matching the ticket's tags, never over a WIP limit; the ticket moves new → doing.",
                          "Reply: `OK assigned #N to bob (doing): least loaded: bob owns 0 open tickets (carol 1); skills match: network`; JSON data `ticket`, `owner`, `status`, `policy`, `reason`, `skills`.",
                          "Refusals: `nobody` (\"nobody online\", \"all at WIP limit 3/3 in doing (…)\", a full column), `owned`, `not-open`.",
                          "Event `ticket.assigned` by swarmbot to the room, the board feed and the assignee wherever they are (fields `owner`, `asked_by`, `reason`, `status`, `skills`)."]) { ctx, args throws(SwarmError) in
        try BotWorkReplies.assign(&ctx, args.ticket(0)!)
    },

    // !stale [limit:N] [after:#N]
    CommandSpec("stale", [.text("limit:N|after:#N…", optional: true)], prefix: .bang, role: .observer,
                summary: "List open tickets quiet for at least --stale-after, quietest first, 50 at a time.",
                details: ["Lines: `#N P2 quiet 45m owner alice step 1/3: TITLE`; pages as /list (`limit:N`, `after:#K`). JSON data `tickets` (ticket summaries plus `quiet_ms`, `step`), `total`, `next`."]) { ctx, args throws(SwarmError) in
        let words = try PageWords(args.text(0), usage: "!stale takes limit:N and after:#N, e.g. !stale limit:200")
        try words.checkCursor(ctx.board)
        let policy = StalePolicy(after: ctx.server.config.policy.staleAfter), now = ctx.now
        ctx.server.replyBesideLoop(&ctx) { board in
            Reply(listing: board, .quietest, of: "!stale", words: words,
                  matching: { StaleWatch.isStale(status: $0.pointee.status, lastActivityAt: $0.pointee.lastActivityAt, now: now, policy: policy) },
                  counted: { "\($0) stale (quiet for \(policy.after) or more)" },
                  line: { "\($0.id) \($0.priority) quiet \((now - $0.lastActivityAt).rough) owner \($0.owner ?? "unassigned") step \(StaleWatch.level(of: $0))/\(StaleWatch.requeueLevel): \($0.title)" },
                  json: { TicketJSON.adding(["quiet_ms": .int(Int((now - $0.lastActivityAt).millis)), "step": .int(StaleWatch.level(of: $0))], to: $0) })
        }
    },

    // !triage [limit:N] [after:#N]
    CommandSpec("triage", [.text("limit:N|after:#N…", optional: true)], prefix: .bang, role: .observer,
                summary: "List unassigned open tickets by priority, oldest first within a priority, 50 at a time.",
                details: ["Lines: `#N P1 new age 2h: TITLE`; pages as /list (`limit:N`, `after:#K`). JSON data `tickets` (ticket summaries plus `age_ms`), `total`, `next`."]) { ctx, args throws(SwarmError) in
        let words = try PageWords(args.text(0), usage: "!triage takes limit:N and after:#N, e.g. !triage limit:200")
        try words.checkCursor(ctx.board)
        let now = ctx.now
        ctx.server.replyBesideLoop(&ctx) { board in
            Reply(listing: board, .board, of: "!triage", words: words,
                  matching: { $0.pointee.status.isOpen && $0.pointee.owner == nil },
                  counted: { "\($0) unassigned" },
                  line: { "\($0.id) \($0.priority) \($0.status) age \((now - $0.openedAt).rough): \($0.title)" },
                  json: { TicketJSON.adding(["age_ms": .int(Int((now - $0.openedAt).millis))], to: $0) })
        }
    },
]

/// `^12..^19`, `12..19` or `^12`.
enum CommentRange {
    static func parse(_ text: String) throws(SwarmError) -> (CommentID, CommentID) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 1, let one = CommentID(parsing: parts[0]) { return (one, one) }
        guard parts.count == 3, parts[1].isEmpty, let a = CommentID(parsing: parts[0]), let b = CommentID(parsing: parts[2]) else {
            throw SwarmError("usage", "a comment range reads ^12..^19 (or ^12 alone); usage: !promote ^A..^B KEY")
        }
        return (a, b)
    }
}
