// An agent the board has seen: what persists about a person or bot between connections.
public struct Agent: Hashable, Sendable, Codable {
    public let name: String
    public let firstSeen: Timestamp
    /// What they know (`/skills`), lower-case, sorted.
    public var skills: [String] = []
    /// Told at their next /hello: things that happened to them while they were offline.
    public var notices: [Notice] = []
    /// `/mute board`: hears no board-feed events about rooms they are not in.
    public var mutedBoard = false
    /// `/mute #N`: hears no board-feed events about these tickets.
    public var mutedTickets: [TicketID] = []

    public init(name: String, firstSeen: Timestamp) {
        self.name = name
        self.firstSeen = firstSeen
    }

    /// Whether a board-feed event about `ticket` (nil: board-wide) reaches them.
    public func hearsFeed(about ticket: TicketID?) -> Bool {
        if mutedBoard { return false }
        if let ticket, mutedTickets.contains(ticket) { return false }
        return true
    }
}
