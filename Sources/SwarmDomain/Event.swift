// What the swarm hears: a domain event, who must hear it, and what it says.

/// Who receives an event. The server turns this into connections; the domain never sees one.
public enum Audience: Hashable, Sendable {
    /// The members of a ticket's room.
    case room(TicketID)
    /// The room, and every other online agent on the board feed unless they muted it.
    case roomAndFeed(TicketID)
    /// The room, these agents wherever they are (muted or not), and the feed if `feed`; each
    /// listener hears it once. For a handoff: the receiver must hear it even with the feed muted.
    case roomAndAgents(TicketID, [String], feed: Bool)
    /// One agent, wherever they are (undelivered if offline: use a notice for that).
    case agent(String)
    /// Every online agent on the board feed unless they muted it.
    case feed
}

public struct Event: Hashable, Sendable {
    /// Stable machine name, e.g. `comment`, `ticket.opened`, `ticket.claimed`.
    public var name: String
    public var audience: Audience
    public var at: Timestamp
    public var ticket: TicketID?
    public var actor: String?
    /// The sentence people read (for `comment`, the comment's text).
    public var text: String
    public var comment: CommentID?
    /// Replayed from history rather than happening now.
    public var isHistory: Bool
    /// Extra machine-readable fields for JSON mode.
    public var fields: [String: JSONValue]

    public init(_ name: String, to audience: Audience, at: Timestamp, ticket: TicketID? = nil,
                actor: String? = nil, text: String, comment: CommentID? = nil,
                isHistory: Bool = false, fields: [String: JSONValue] = [:]) {
        self.name = name
        self.audience = audience
        self.at = at
        self.ticket = ticket
        self.actor = actor
        self.text = text
        self.comment = comment
        self.isHistory = isHistory
        self.fields = fields
    }

    public var isFromBot: Bool { actor == AgentName.bot }

    /// A comment as its room sees it, live or replayed.
    public static func comment(_ c: Comment, on ticket: TicketID, to audience: Audience, history: Bool = false) -> Event {
        Event("comment", to: audience, at: c.at, ticket: ticket, actor: c.author, text: c.text,
              comment: c.id, isHistory: history)
    }
}
