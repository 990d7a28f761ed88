// The sub-commands of `!faq` and the votes: what the asker reads, and what the room hears.
import SwarmDomain

enum FAQReplies {
    // !faq KEY
    static func answer(_ ctx: inout CommandContext, key: String) throws(SwarmError) {
        guard let e = ctx.board.faq[key] else { throw Board.noSuchFAQ(key, in: ctx.board.faq) }
        ctx.reply.lines = [e.title, e.answer, meta(e)]
        ctx.reply.data = ["entry": json(e)]
        ctx.reply.message = "!faq \(e.key)"
        if let room = sayInRoom(&ctx, "bot.answer", text: "\(e.key) (asked by \(ctx.agent)): \(e.title): \(e.answer)",
                                fields: ["key": .string(e.key), "title": .string(e.title), "answer": .string(e.answer),
                                         "asked_by": .string(ctx.agent)]) {
            ctx.reply.message += " (also said in \(room))"
        }
    }

    // !faq search WORDS
    static func search(_ ctx: inout CommandContext, _ words: String?) throws(SwarmError) {
        guard let words else { throw SwarmError("usage", "WORDS is missing; usage: !faq search WORDS") }
        let hits = ctx.board.faq.search(words, limit: 5)
        ctx.reply.lines = hits.map { "\($0.entry.key): \($0.entry.title) (score \($0.score), helped \($0.entry.helped))" }
        ctx.reply.data = ["results": .array(hits.map {
            .object(["key": .string($0.entry.key), "title": .string($0.entry.title), "score": .int($0.score)])
        })]
        ctx.reply.message = hits.isEmpty ? "nothing matches; try other words or !faq list" : "\(hits.count) best match\(hits.count == 1 ? "" : "es"); !faq KEY to read one"
        guard !hits.isEmpty else { return }
        let list = hits.map { "\($0.entry.key) (\($0.entry.title))" }.joined(separator: ", ")
        if let room = sayInRoom(&ctx, "bot.search", text: "search \"\(words.prefix(80))\" (asked by \(ctx.agent)): \(list)",
                                fields: ["query": .string(words), "asked_by": .string(ctx.agent),
                                         "results": .array(hits.map { .string($0.entry.key) })]) {
            ctx.reply.message += " (also said in \(room))"
        }
    }

    // !faq add KEY TEXT, !faq edit KEY TEXT
    static func write(_ ctx: inout CommandContext, verb: String, _ rest: String?) throws(SwarmError) {
        try require(ctx, verb == "add" ? .agent : .lead, "!faq \(verb)")
        var remaining = Substring(rest ?? "")
        guard let key = ArgumentParser.nextWord(&remaining).map(String.init), !String(remaining).trimmingSpaces.isEmpty else {
            throw SwarmError("usage", "usage: !faq \(verb) KEY TEXT (TEXT: ANSWER, TITLE | ANSWER, or TITLE | ANSWER | TAGS)")
        }
        let text = try FAQText(parsing: String(remaining))
        let m: Mutation = verb == "add"
            ? .faqAdd(key: key, title: text.title ?? "", answer: text.answer, tags: text.tags ?? [])
            : .faqEdit(key: key, title: text.title, answer: text.answer, tags: text.tags)
        try ctx.commit(m)
        let saved = ctx.board.faq[key]!
        ctx.reply.message = "\(verb == "add" ? "added" : "edited") !faq \(saved.key): \(saved.title)"
        ctx.reply.data = ["entry": json(saved)]
    }

    // !faq rm KEY
    static func remove(_ ctx: inout CommandContext, _ rest: String?) throws(SwarmError) {
        try require(ctx, .lead, "!faq rm")
        guard let key = rest, !key.contains(" ") else { throw SwarmError("usage", "usage: !faq rm KEY") }
        try ctx.commit(.faqRemove(key: key))
        ctx.reply.message = "removed !faq \(key.lowercased())"
        ctx.reply.data = ["key": .string(key.lowercased())]
    }

    // !faq list, !faq review
    static func list(_ ctx: inout CommandContext, review: Bool) {
        let after = ctx.server.config.faqReviewAfter
        let entries = review ? ctx.board.faq.needingReview(now: ctx.now, after: after) : ctx.board.faq.sorted
        ctx.reply.lines = entries.map { e in
            var line = "\(e.key): \(e.title)"
            if review {
                var why: [String] = []
                if ctx.now - e.updatedAt >= after { why.append("not updated for \((ctx.now - e.updatedAt).rough)") }
                if e.isDisputed { why.append("helped \(e.helped), not helped \(e.notHelped)") }
                line += " (" + why.joined(separator: "; ") + ")"
            }
            return line
        }
        ctx.reply.data = ["entries": .array(entries.map(json))]
        ctx.reply.message = review ? "\(entries.count) to review (older than \(after) or unhelpful)" : "\(entries.count) entries"
    }

    // !helped KEY, !nothelped KEY
    static func vote(_ ctx: inout CommandContext, key: String, helped: Bool) throws(SwarmError) {
        try ctx.commit(.faqFeedback(key: key, helped: helped))
        let e = ctx.board.faq[key]!
        ctx.reply.message = helped ? "thanks: \(e.key) helped \(e.helped) time\(e.helped == 1 ? "" : "s")"
            : "noted: \(e.key) did not help \(e.notHelped) time\(e.notHelped == 1 ? "" : "s")"
        ctx.reply.data = ["key": .string(e.key), "helped": .int(e.helped), "not_helped": .int(e.notHelped)]
    }

    /// Says a bot line in the asker's current room, if any, for everyone there but the asker
    /// (whose reply already holds it). Returns the room.
    static func sayInRoom(_ ctx: inout CommandContext, _ name: String, text: String, fields: [String: JSONValue]) -> TicketID? {
        guard let room = ctx.server.presence.currentRoom(of: ctx.agent) else { return nil }
        ctx.events.append(Event(name, to: .room(room), at: ctx.now, ticket: room, actor: AgentName.bot, text: text, fields: fields))
        return room
    }

    static func require(_ ctx: CommandContext, _ role: Role, _ what: String) throws(SwarmError) {
        guard ctx.session.role >= role else {
            throw SwarmError("forbidden", "\(what) needs role \(role.rawValue); you are \(ctx.session.role.rawValue)")
        }
    }

    static func meta(_ e: FAQEntry) -> String {
        let tags = e.tags.isEmpty ? "no tags" : "tags: " + e.tags.joined(separator: " ")
        let from = e.source.map { ", from \($0)" } ?? ""
        return "\(tags); helped \(e.helped), not helped \(e.notHelped); by \(e.author) \(TimeText.iso(e.updatedAt))\(from)"
    }

    static func json(_ e: FAQEntry) -> JSONValue {
        .object(["key": .string(e.key), "title": .string(e.title), "answer": .string(e.answer),
                 "tags": .array(e.tags.map { .string($0) }), "author": .string(e.author),
                 "updated_at": .string(TimeText.iso(e.updatedAt)), "helped": .int(e.helped),
                 "not_helped": .int(e.notHelped), "source": e.source.map { .string($0) } ?? .null])
    }
}
