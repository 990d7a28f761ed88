// The small values a swarm hangs on a ticket or an agent: handoffs, invites, links, checklist
// items, ratings and notices kept for agents who are offline.

/// An offer of ownership, pending until the receiver accepts or declines.
public struct Handoff: Hashable, Sendable, Codable {
    public let from: String
    public let to: String
    public let note: String?
    public let at: Timestamp
}

/// A summons to join a ticket's swarm for some skills, pending until answered or timed out.
public struct Invite: Hashable, Sendable, Codable {
    public let agent: String
    public let skills: [String]
    public let by: String
    public let message: String?
    public let at: Timestamp

    public init(agent: String, skills: [String], by: String, message: String?, at: Timestamp) {
        self.agent = agent
        self.skills = skills
        self.by = by
        self.message = message
        self.at = at
    }
}

public enum LinkKind: String, Hashable, Sendable, Codable, CaseIterable {
    case duplicate, related, blocks
    /// The reverse side stored on the other ticket.
    case blockedBy = "blocked-by"

    var reverse: LinkKind {
        switch self {
        case .blocks: .blockedBy
        case .blockedBy: .blocks
        default: self
        }
    }
}

public struct TicketLink: Hashable, Sendable, Codable {
    public let kind: LinkKind
    public let ticket: TicketID
}

public struct ChecklistItem: Hashable, Sendable, Codable {
    public let text: String
    public var done: Bool
}

public struct Rating: Hashable, Sendable, Codable {
    public let score: Int
    public let comment: String?
    public let by: String
    public let at: Timestamp
}

/// Something an agent must be told when they next say /hello (they were offline when it happened).
public struct Notice: Hashable, Sendable, Codable {
    public let event: String
    public let ticket: TicketID?
    public let actor: String?
    public let text: String
    public let at: Timestamp
    /// The event's JSON fields (`from`, `to`, `note` of a handoff), so a bot told at login can
    /// read it like the live event. Absent in boards saved before it was kept.
    public var fields: [String: JSONValue]?

    public init(event: String, ticket: TicketID?, actor: String?, text: String, at: Timestamp,
                fields: [String: JSONValue]? = nil) {
        self.event = event
        self.ticket = ticket
        self.actor = actor
        self.text = text
        self.at = at
        self.fields = fields
    }
}

/// What `/mute` and `/unmute` act on.
public enum MuteTarget: Hashable, Sendable, Codable {
    case board
    case ticket(TicketID)
}
