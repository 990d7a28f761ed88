// A comment appears twice in memory: in `comments`, and as its timeline entry (same time,
// author and text). Snapshot format 2 writes it once: with `TimelineEntry.commentsElsewhere` in
// the encoder's userInfo, a comment's timeline entry is written as just `{"comment":17}`, and
// after decoding, `restoreCommentEntries()` rebuilds it from the comment. For 1M comments that
// is 40% of the file, and of the time to write and load it.
extension TimelineEntry {
    public static let commentsElsewhere = CodingUserInfoKey(rawValue: "swarmline.timeline.commentsElsewhere")!

    enum CodingKeys: String, CodingKey { case at, actor, kind, text, comment }

    /// Whether this entry says exactly what comment `c` does (so it can be rebuilt from it).
    func repeats(_ c: Comment) -> Bool {
        comment == c.id && kind == "comment" && at == c.at && actor == c.author && text == c.text
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let comment = try c.decodeIfPresent(CommentID.self, forKey: .comment)
        guard let kind = try c.decodeIfPresent(String.self, forKey: .kind) else {
            // `{"comment":N}`: rebuilt from the comment once the ticket is loaded.
            guard let comment else { throw DecodingError.keyNotFound(CodingKeys.kind, .init(codingPath: c.codingPath, debugDescription: "a timeline entry needs a kind")) }
            self.init(at: Timestamp(millis: 0), actor: "", kind: "", text: "", comment: comment)
            return
        }
        self.init(at: try c.decode(Timestamp.self, forKey: .at), actor: try c.decode(String.self, forKey: .actor),
                  kind: kind, text: try c.decode(String.self, forKey: .text), comment: comment)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if comment == nil || encoder.userInfo[Self.commentsElsewhere] as? Bool != true {
            try c.encode(at, forKey: .at)
            try c.encode(actor, forKey: .actor)
            try c.encode(kind, forKey: .kind)
            try c.encode(text, forKey: .text)
        }
        try c.encodeIfPresent(comment, forKey: .comment)
    }
}

extension Board {
    /// Whether every timeline entry that names a comment repeats it exactly, so a snapshot may
    /// write it as `{"comment":N}`. Always true for boards built by `apply`; checked anyway,
    /// because a snapshot that dropped a differing entry would load a different board.
    public var commentEntriesRepeatComments: Bool {
        var ok = true
        tickets.forEachPage { page in
            for t in page where ok {
                var cursor = 0
                for e in t.timeline where e.comment != nil {
                    guard let k = Board.commentIndex(e.comment!, in: t.comments, from: &cursor), e.repeats(t.comments[k]) else {
                        ok = false
                        break
                    }
                }
            }
        }
        return ok
    }

    /// Rebuilds the entries a format 2 snapshot wrote as `{"comment":N}`. Returns the first
    /// one whose comment the ticket does not have (a damaged file), or nil when all are rebuilt.
    public mutating func restoreCommentEntries() -> (ticket: TicketID, comment: CommentID)? {
        for i in tickets.indices {
            if let missing = tickets[i].restoreCommentEntries() { return (tickets[i].id, missing) }
        }
        return nil
    }

    /// Comments and their timeline entries both run in id order, so a moving cursor finds each
    /// in O(1); anything out of order falls back to a search.
    static func commentIndex(_ id: CommentID, in comments: [Comment], from cursor: inout Int) -> Int? {
        while cursor < comments.count && comments[cursor].id < id { cursor += 1 }
        if cursor < comments.count && comments[cursor].id == id { return cursor }
        return comments.firstIndex { $0.id == id }
    }
}

extension Ticket {
    /// The same for one ticket (so a loader can do it on several threads).
    public mutating func restoreCommentEntries() -> CommentID? {
        var cursor = 0
        for k in timeline.indices {
            guard let id = timeline[k].comment, timeline[k].kind.isEmpty else { continue }
            guard let c = Board.commentIndex(id, in: comments, from: &cursor) else { return id }
            let comment = comments[c]
            timeline[k] = TimelineEntry(at: comment.at, actor: comment.author, kind: "comment", text: comment.text, comment: id)
        }
        return nil
    }
}
