// A ticket: the unit of work a swarm gathers on, with its room's comments and its timeline.
public struct Ticket: Hashable, Sendable, Codable {
    public let id: TicketID
    public var title: String
    public var priority: Priority
    public var status: TicketStatus
    public let openedBy: String
    public let openedAt: Timestamp
    public var owner: String?
    public var comments: [Comment]
    public var timeline: [TimelineEntry]
    /// Last comment or action on it: the stale clock starts here.
    public var lastActivityAt: Timestamp
    /// How far up the stale ladder swarmbot has gone for the current quiet spell (persisted, so a
    /// restart does not repeat notices).
    public var stale: StaleMark?

    public init(id: TicketID, title: String, priority: Priority, openedBy: String, at: Timestamp) {
        self.id = id
        self.title = title
        self.priority = priority
        self.status = .new
        self.openedBy = openedBy
        self.openedAt = at
        self.owner = nil
        self.comments = []
        self.timeline = []
        self.lastActivityAt = at
        self.stale = nil
    }

    /// The last `count` comments, oldest first.
    public func recentComments(_ count: Int) -> ArraySlice<Comment> {
        comments.suffix(max(0, count))
    }
}
