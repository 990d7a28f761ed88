// Applying FAQ mutations: add, edit, remove, feedback, promote from comments, import the seed.
extension Board {
    /// The most comments one `!promote` may fold into an entry.
    public static let maxPromotedComments = 50

    mutating func faqAdd(key raw: String, title: String, answer: String, tags: [String],
                         by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let key = try Board.validKey(raw)
        guard faq.entries[key] == nil else { throw SwarmError("faq-key-taken", "!faq \(key) exists already; use !faq edit \(key) TEXT") }
        let entry = try Board.validEntry(FAQEntry(key: key, title: title, answer: answer, tags: tags, author: actor, updatedAt: now))
        faq.put(entry)
        return Board.faqEvent("faq.added", entry, by: actor, at: now, text: "\(actor) added !faq \(key): \(entry.title)")
    }

    mutating func faqEdit(key raw: String, title: String?, answer: String, tags: [String]?,
                          by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        guard var entry = faq[raw] else { throw Board.noSuchFAQ(raw, in: faq) }
        if let title { entry.title = title }
        if let tags { entry.tags = tags }
        entry.answer = answer
        entry.author = actor
        entry.updatedAt = now
        // A rewritten answer starts a fresh record: the old votes were about the old text.
        entry.helped = 0
        entry.notHelped = 0
        entry = try Board.validEntry(entry)
        faq.put(entry)
        return Board.faqEvent("faq.edited", entry, by: actor, at: now, text: "\(actor) edited !faq \(entry.key): \(entry.title)")
    }

    mutating func faqRemove(key raw: String, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        guard let entry = faq.remove(raw.lowercased()) else { throw Board.noSuchFAQ(raw, in: faq) }
        return Board.faqEvent("faq.removed", entry, by: actor, at: now, text: "\(actor) removed !faq \(entry.key)")
    }

    mutating func faqFeedback(key raw: String, helped: Bool) throws(SwarmError) -> Outcome {
        let key = raw.lowercased()
        guard faq.entries[key] != nil else { throw Board.noSuchFAQ(raw, in: faq) }
        faq.vote(key, helped: helped)
        return Outcome()
    }

    /// `!promote ^a..^b KEY`: the comments of one ticket numbered a…b, in order, become the
    /// answer; the ticket's title becomes the title. Refuses with the reason otherwise.
    mutating func faqPromote(key raw: String, from: CommentID, to: CommentID,
                             by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let key = try Board.validKey(raw)
        guard faq.entries[key] == nil else { throw SwarmError("faq-key-taken", "!faq \(key) exists already; pick another key or !faq edit it") }
        guard from <= to else { throw SwarmError("bad-range", "\(from)..\(to) runs backwards; write the lower number first") }
        guard let (ticket, first) = commentLocation(from) else { throw SwarmError("no-such-comment", "\(from) does not exist") }
        guard let (lastTicket, _) = commentLocation(to) else { throw SwarmError("no-such-comment", "\(to) does not exist") }
        guard ticket == lastTicket else {
            throw SwarmError("bad-range", "\(from) is in \(ticket) but \(to) is in \(lastTicket); a range stays in one ticket")
        }
        let t = tickets[ticket.value - 1]
        let picked = t.comments[first...].prefix { $0.id <= to }
        guard picked.count <= Board.maxPromotedComments else {
            throw SwarmError("bad-range", "\(picked.count) comments is too many; promote at most \(Board.maxPromotedComments)")
        }
        let answer = picked.map(\.text).joined(separator: " / ")
        let source = "\(ticket) \(from)..\(to)"
        let entry = try Board.validEntry(FAQEntry(key: key, title: t.title, answer: answer, tags: [], author: actor,
                                                  updatedAt: now, source: source))
        faq.put(entry)
        var outcome = Board.faqEvent("faq.added", entry, by: actor, at: now,
                                     text: "\(actor) promoted \(source) to !faq \(key): \(entry.title)")
        outcome.ticket = ticket
        return outcome
    }

    /// `!promote #N [KEY]`: a resolved (or closed) ticket's title and resolution become an entry,
    /// tagged like the ticket. Refuses, saying why: not resolved, no resolution text, key taken.
    mutating func faqPromoteTicket(_ id: TicketID, key raw: String, by actor: String, at now: Timestamp) throws(SwarmError) -> Outcome {
        let key = try Board.validKey(raw)
        let t = try promotable(id)
        guard faq.entries[key] == nil else { throw SwarmError("faq-key-taken", "!faq \(key) exists already; pick another key or !faq edit it") }
        let title = t.title.count <= FAQEntry.maxTitleLength ? t.title : String(t.title.prefix(FAQEntry.maxTitleLength - 1)) + "…"
        let entry = try Board.validEntry(FAQEntry(key: key, title: title, answer: t.resolution ?? "", tags: t.tags,
                                                  author: actor, updatedAt: now, source: "\(id)"))
        faq.put(entry)
        var outcome = Board.faqEvent("faq.added", entry, by: actor, at: now,
                                     text: "\(actor) promoted \(id)'s resolution to !faq \(key): \(entry.title)")
        outcome.ticket = id
        return outcome
    }

    /// A ticket whose resolution can become an FAQ entry, or why not.
    func promotable(_ id: TicketID) throws(SwarmError) -> Ticket {
        let t = try ticket(id)
        guard !t.status.isOpen else {
            throw SwarmError("not-resolved", "\(id) is \(t.status); promote it once it is resolved (/resolve \(id) RESOLUTION)")
        }
        guard let r = t.resolution, !r.trimmingSpaces.isEmpty else {
            throw SwarmError("no-resolution", "\(id) has no resolution text to promote; promote its comments: !promote ^A..^B KEY")
        }
        return t
    }

    /// The key `!promote #N` uses when none is given: the title's words as a slug
    /// (`VPN drops in Berlin` → `vpn-drops-berlin`), made unique with `-2`, `-3`, … Refuses when
    /// the ticket was promoted already (a second copy is rarely meant; a KEY given says it is),
    /// when the title has no letters or digits a key can hold, or the slug is taken 99 times over.
    public func promotionKey(for id: TicketID) throws(SwarmError) -> String {
        let t = try promotable(id)
        if let earlier = faq.sorted.first(where: { $0.source == "\(id)" }) {
            throw SwarmError("faq-key-taken", "\(id) was promoted already, to !faq \(earlier.key); give a KEY for another entry: !promote \(id) KEY")
        }
        guard let base = FAQEntry.slug(t.title) else {
            throw SwarmError("bad-key", "no key can be made from the title of \(id); give one: !promote \(id) KEY")
        }
        for n in 1...99 {
            let key = n == 1 ? base : "\(base)-\(n)"
            if faq.entries[key] == nil && !FAQEntry.reservedKeys.contains(key) { return key }
        }
        throw SwarmError("faq-key-taken", "!faq \(base) and its numbered variants are taken; give a key: !promote \(id) KEY")
    }

    mutating func faqImport(_ entries: [FAQEntry]) -> Outcome {
        for e in entries {
            guard let key = FAQEntry.normalizedKey(e.key), faq.entries[key] == nil,
                  var valid = try? Board.validEntry(e) else { continue }
            if valid.key != key { valid = FAQEntry(key: key, title: valid.title, answer: valid.answer, tags: valid.tags,
                                                   author: valid.author, updatedAt: valid.updatedAt) }
            faq.put(valid)
        }
        return Outcome()
    }

    /// The ticket holding comment `id` and its index there. Comment ids grow over time in every
    /// ticket, so a binary search per ticket would do; tickets are few enough to scan.
    public func commentLocation(_ id: CommentID) -> (TicketID, Int)? {
        // Through the subscript: `for t in tickets` would copy every ticket.
        for k in tickets.indices {
            guard let first = tickets[k].comments.first?.id, let last = tickets[k].comments.last?.id,
                  first <= id, id <= last else { continue }
            if let i = tickets[k].comments.firstIndex(where: { $0.id == id }) { return (tickets[k].id, i) }
        }
        return nil
    }

    static func validKey(_ raw: String) throws(SwarmError) -> String {
        if FAQEntry.reservedKeys.contains(raw.lowercased()) {
            throw SwarmError("bad-key", "\(raw) is a !faq sub-command and cannot be a key")
        }
        guard let key = FAQEntry.normalizedKey(raw) else {
            throw SwarmError("bad-key", "a key is 1–\(FAQEntry.maxKeyLength) letters, digits, '-', '_' or '.'")
        }
        return key
    }

    static func validEntry(_ e: FAQEntry) throws(SwarmError) -> FAQEntry {
        var e = e
        e.title = e.title.trimmingSpaces
        e.answer = e.answer.trimmingSpaces
        // Folded only: which tags are acceptable is checked where they are typed or imported
        // (FAQEntry.checkedTags), so a journal written under older rules still replays.
        e.tags = e.tags.map { TextFolding.fold($0.trimmingSpaces) }.filter { !$0.isEmpty }
        if e.title.isEmpty { e.title = e.key.replacingSeparators }
        guard !e.answer.isEmpty else { throw .invalid("an FAQ entry needs an answer") }
        guard e.title.count <= FAQEntry.maxTitleLength else { throw .invalid("an FAQ title is at most \(FAQEntry.maxTitleLength) characters") }
        guard e.answer.count <= FAQEntry.maxAnswerLength else { throw .invalid("an FAQ answer is at most \(FAQEntry.maxAnswerLength) characters") }
        guard !e.answer.contains(where: { $0.isNewline }) else { throw .invalid("an FAQ answer is one line") }
        return e
    }

    public static func noSuchFAQ(_ key: String, in faq: KnowledgeBase) -> SwarmError {
        let close = faq.closestKeys(to: key)
        let hint = close.isEmpty ? "try !faq search WORDS" : "did you mean " + close.joined(separator: ", ") + "?"
        return SwarmError("no-such-faq", "no !faq \(key.prefix(FAQEntry.maxKeyLength)); \(hint)")
    }

    static func faqEvent(_ name: String, _ e: FAQEntry, by actor: String, at now: Timestamp, text: String) -> Outcome {
        var outcome = Outcome()
        outcome.events.append(Event(name, to: .feed, at: now, actor: actor, text: text,
                                    fields: ["key": .string(e.key), "title": .string(e.title)]))
        return outcome
    }
}

/// `!faq add KEY TEXT`: TEXT is `ANSWER`, `TITLE | ANSWER` or `TITLE | ANSWER | TAG TAG…`.
public struct FAQText: Equatable, Sendable {
    public var title: String?
    public var answer: String
    public var tags: [String]?

    public init(parsing text: String) throws(SwarmError) {
        let parts = text.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        switch parts.count {
        case 1: title = nil; answer = parts[0]; tags = nil
        case 2: title = parts[0]; answer = parts[1]; tags = nil
        default:
            title = parts[0]; answer = parts[1]
            tags = try FAQEntry.checkedTags(parts[2].split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init))
        }
    }
}

extension String {
    /// `vpn-setup_guide` → `vpn setup guide`.
    var replacingSeparators: String { String(map { $0 == "-" || $0 == "_" || $0 == "." ? " " : $0 }) }
}
