// One step in a ticket's life, for `/export` and incident review.
public struct TimelineEntry: Hashable, Sendable, Codable {
    public let at: Timestamp
    public let actor: String
    /// The event name that announced it (`ticket.opened`, `comment`, `ticket.claimed`, …).
    public let kind: String
    /// The sentence as the room read it; for comments, the comment's own text lives in `comments`.
    public let text: String
    public let comment: CommentID?

    public init(at: Timestamp, actor: String, kind: String, text: String, comment: CommentID? = nil) {
        self.at = at
        self.actor = actor
        self.kind = kind
        self.text = text
        self.comment = comment
    }
}
