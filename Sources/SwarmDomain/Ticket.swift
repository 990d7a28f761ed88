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
    /// Coded by CommentRuns: snapshots may fold runs of comment entries (TimelineEntry+Snapshot.swift).
    @CommentRuns public var timeline: [TimelineEntry]
    /// Last comment or action on it: the stale clock starts here.
    public var lastActivityAt: Timestamp
    // The swarm workflow (Board+Ownership, Board+Lifecycle, Board+Swarm).
    /// First comment, claim or status change by someone other than the opener: stops the SLA clock.
    public var firstResponseAt: Timestamp? = nil
    public var firstResponder: String? = nil
    public var resolvedAt: Timestamp? = nil
    public var resolvedBy: String? = nil
    public var resolution: String? = nil
    public var pendingHandoff: Handoff? = nil
    /// Earlier owners and anyone who asked to follow: they stay on the ticket.
    public var followers: [String] = []
    public var invites: [Invite] = []
    /// Agents who answered a summons with /accept.
    public var swarm: [String] = []
    /// Agents who declined or let an invite expire: not asked again for this ticket.
    public var declined: [String] = []
    /// Skills a /swarm asked for that nobody who joined has yet (`/wanted`).
    public var wantedSkills: [String] = []
    public var tags: [String] = []
    public var links: [TicketLink] = []
    public var checklist: [ChecklistItem] = []
    public var rating: Rating? = nil
    /// How far up the stale ladder swarmbot has gone for the current quiet spell (persisted, so a
    /// restart does not repeat notices).
    public var stale: StaleMark?
    /// What swarmbot has announced about the SLA clocks (Bot/SLAWatch.swift); persisted, so a
    /// restart does not repeat a warning. Optional so that older snapshots still load.
    public var slaAlerts: SLAMarks?

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

    /// Everyone who commented or acted on it, in order of first appearance (bot excluded).
    /// A hot ticket's timeline has tens of thousands of steps, mostly runs by one actor: a step
    /// by the same actor as the one before costs a comparison, not a hash.
    public var helpers: [String] {
        var seen: Set<String> = []
        var out: [String] = []
        var previous: String?
        for i in timeline.indices {
            let actor = timeline[i].actor
            if actor == previous { continue }
            previous = actor
            if actor != AgentName.bot && seen.insert(actor).inserted { out.append(actor) }
        }
        return out
    }

    /// The last `count` comments, oldest first.
    public func recentComments(_ count: Int) -> ArraySlice<Comment> {
        comments.suffix(max(0, count))
    }
}
