// A comment appears twice in memory: in `comments`, and as its timeline entry (same time,
// author and text). Snapshot format 2 writes it once. With `TimelineEntry.commentsElsewhere` in
// the encoder's userInfo, each run of comment entries in a timeline is written as one
// `{"comments":N}` ("the ticket's next N comments"), and after decoding,
// `restoreCommentEntries()` rebuilds them from the comments, in order. For 1M comments that is
// 40% of the file and of the time to load it. Without the key (Foundation, format 1, the journal)
// a timeline is a plain array of entries, as before.
extension TimelineEntry {
    public static let commentsElsewhere = CodingUserInfoKey(rawValue: "swarmline.timeline.commentsElsewhere")!

    enum CodingKeys: String, CodingKey { case at, actor, kind, text, comment, comments }

    /// Whether this entry says exactly what comment `c` does (so it can be rebuilt from it).
    func repeats(_ c: Comment) -> Bool {
        comment == c.id && kind == "comment" && at == c.at && actor == c.author && text == c.text
    }

    /// Stands in for a comment's entry until `restoreCommentEntries()`; a real entry always
    /// has a kind.
    static let placeholder = TimelineEntry(at: Timestamp(millis: 0), actor: "", kind: "", text: "")
    var isPlaceholder: Bool { kind.isEmpty && comment == nil }

    init(from c: KeyedDecodingContainer<CodingKeys>) throws {
        self.init(at: try c.decode(Timestamp.self, forKey: .at), actor: try c.decode(String.self, forKey: .actor),
                  kind: try c.decode(String.self, forKey: .kind), text: try c.decode(String.self, forKey: .text),
                  comment: try c.decodeIfPresent(CommentID.self, forKey: .comment))
    }

    public init(from decoder: any Decoder) throws {
        try self.init(from: try decoder.container(keyedBy: CodingKeys.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(at, forKey: .at)
        try c.encode(actor, forKey: .actor)
        try c.encode(kind, forKey: .kind)
        try c.encode(text, forKey: .text)
        try c.encodeIfPresent(comment, forKey: .comment)
    }
}

/// `Ticket.timeline`'s coding: entries, with runs of comment entries folded when asked.
@propertyWrapper
public struct CommentRuns: Hashable, Sendable, Codable {
    public var wrappedValue: [TimelineEntry]

    public init(wrappedValue: [TimelineEntry]) { self.wrappedValue = wrappedValue }

    struct Run: Encodable { let comments: Int }

    public init(from decoder: any Decoder) throws {
        var items = try decoder.unkeyedContainer()
        var out: [TimelineEntry] = []
        while !items.isAtEnd {
            let item = try items.nestedContainer(keyedBy: TimelineEntry.CodingKeys.self)
            if let run = try item.decodeIfPresent(Int.self, forKey: .comments) {
                guard (1...1_000_000_000).contains(run) else {
                    throw DecodingError.dataCorruptedError(forKey: .comments, in: item, debugDescription: "a run of \(run) comments")
                }
                out.append(contentsOf: repeatElement(TimelineEntry.placeholder, count: run))
            } else {
                out.append(try TimelineEntry(from: item))
            }
        }
        wrappedValue = out
    }

    public func encode(to encoder: any Encoder) throws {
        var items = encoder.unkeyedContainer()
        let fold = encoder.userInfo[TimelineEntry.commentsElsewhere] as? Bool == true
        var run = 0
        for e in wrappedValue {
            if fold && e.comment != nil {
                run += 1
                continue
            }
            if run > 0 { try items.encode(Run(comments: run)) }
            run = 0
            try items.encode(e)
        }
        if run > 0 { try items.encode(Run(comments: run)) }
    }
}

extension Board {
    /// Whether every ticket's comment entries are exactly its comments, one each, in order (and
    /// every other entry has a kind), so a snapshot may fold them. Always true for boards built
    /// by `apply`; checked anyway, because folding a differing entry would load a different board.
    public var commentEntriesRepeatComments: Bool {
        var ok = true
        tickets.forEachPage { page in
            for i in page.indices where ok { ok = page[i].commentEntriesRepeatComments }
        }
        return ok
    }

    /// Rebuilds folded comment entries on every ticket; the first ticket whose count does not
    /// match (a damaged file), or nil.
    public mutating func restoreCommentEntries() -> TicketID? {
        for i in tickets.indices {
            var restored = true
            update(TicketID(i + 1)) { restored = $0.restoreCommentEntries() }
            if !restored { return tickets[i].id }
        }
        return nil
    }
}

extension Ticket {
    var commentEntriesRepeatComments: Bool {
        var k = 0
        for e in timeline {
            if e.comment == nil {
                if e.kind.isEmpty { return false }
                continue
            }
            guard k < comments.count, e.repeats(comments[k]) else { return false }
            k += 1
        }
        return k == comments.count
    }

    /// The same for one ticket (so a loader can do it on several threads). False when the
    /// folded entries and the comments do not pair up.
    public mutating func restoreCommentEntries() -> Bool {
        var k = 0
        for i in timeline.indices where timeline[i].isPlaceholder {
            guard k < comments.count else { return false }
            let c = comments[k]
            timeline[i] = TimelineEntry(at: c.at, actor: c.author, kind: "comment", text: c.text, comment: c.id)
            k += 1
        }
        return k == 0 || k == comments.count
    }
}
