// The shared board: every ticket, its comments and timeline, and every agent ever seen.
// A value type, so the snapshot writer can take an O(1) copy-on-write copy off the event loop;
// the tickets sit in pages so the loop's next change copies one page, not all of them.
public struct Board: Hashable, Sendable, Codable {
    /// Indexed by ticket number − 1: numbers are dense and never reused.
    public internal(set) var tickets = TicketPages()
    public internal(set) var nextCommentID: Int = 1
    public internal(set) var agents: [String: Agent] = [:]
    /// The FAQ swarmbot answers from; saved with the board like everything else.
    public internal(set) var faq = KnowledgeBase()
    /// The agent `!assign` picked last: its rotation continues after this name
    /// (Bot/Assignment.swift). Optional so that older snapshots still load.
    public internal(set) var lastAssigned: String?

    public init() {}

    public var ticketCount: Int { tickets.count }

    public func ticket(_ id: TicketID) throws(SwarmError) -> Ticket {
        guard id.value >= 1, id.value <= tickets.count else { throw .noSuchTicket(id) }
        return tickets[id.value - 1]
    }

    public func exists(_ id: TicketID) -> Bool { id.value >= 1 && id.value <= tickets.count }

    public func hasSeen(_ name: String) -> Bool { agents[name] != nil }

    /// Runs `body` on the stored ticket in place (no copy of its comment array).
    mutating func modify<R>(_ id: TicketID, _ body: (inout Ticket) throws(SwarmError) -> R) throws(SwarmError) -> R {
        guard exists(id) else { throw .noSuchTicket(id) }
        return try body(&tickets[id.value - 1])
    }
}
