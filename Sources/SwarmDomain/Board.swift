// The shared board: every ticket, its comments and timeline, and every agent ever seen.
// A value type, so the snapshot writer can take an O(1) copy-on-write copy off the event loop;
// the tickets sit in pages so the loop's next change copies one page, not all of them.
public struct Board: Hashable, Sendable, Codable {
    /// Indexed by ticket number − 1: numbers are dense and never reused. Changed only through
    /// `add(_:)`, `modify` and `update`, which keep `counts` right.
    public private(set) var tickets = TicketPages()
    public internal(set) var nextCommentID: Int = 1
    public internal(set) var agents: [String: Agent] = [:]
    /// The FAQ swarmbot answers from; saved with the board like everything else.
    public internal(set) var faq = KnowledgeBase()
    /// The agent `!assign` picked last: its rotation continues after this name
    /// (Bot/Assignment.swift). Optional so that older snapshots still load.
    public internal(set) var lastAssigned: String?
    /// Owners' loads and column sizes, kept up to date at every change (BoardCounts.swift).
    public private(set) var counts = BoardCounts()

    public init() {}

    enum CodingKeys: String, CodingKey { case tickets, nextCommentID, agents, faq, lastAssigned }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tickets = try c.decode(TicketPages.self, forKey: .tickets)
        nextCommentID = try c.decode(Int.self, forKey: .nextCommentID)
        agents = try c.decode([String: Agent].self, forKey: .agents)
        faq = try c.decode(KnowledgeBase.self, forKey: .faq)
        lastAssigned = try c.decodeIfPresent(String.self, forKey: .lastAssigned)
        counts = BoardCounts(tickets)
    }

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
        var moved: OwnerMove?
        defer { if let moved { recount(moved) } }
        return try Board.noting(&tickets[id.value - 1], &moved, body)
    }

    /// `modify` for the hot path, a comment, which never moves a ticket's owner or status: nothing
    /// to recount (noting it cost ~230 instructions of a comment's ~18,400). Debug builds, and so
    /// the tests, check that it did not.
    mutating func modifyContent<R>(_ id: TicketID, _ body: (inout Ticket) throws(SwarmError) -> R) throws(SwarmError) -> R {
        guard exists(id) else { throw .noSuchTicket(id) }
        #if DEBUG
        var moved: OwnerMove?
        defer { assert(moved == nil, "modifyContent moved \(id)'s owner or status") }
        return try Board.noting(&tickets[id.value - 1], &moved, body)
        #else
        return try body(&tickets[id.value - 1])
        #endif
    }

    /// Changes a stored ticket in place; callers validate on a copy first, so this cannot fail.
    mutating func update(_ id: TicketID, _ body: (inout Ticket) -> Void) {
        var moved: OwnerMove?
        Board.noting(&tickets[id.value - 1], &moved, body)
        if let moved { recount(moved) }
    }

    /// A new ticket, numbered next.
    mutating func add(_ ticket: Ticket) {
        counts.add(owner: ticket.owner, status: ticket.status, 1)
        tickets.append(ticket)
    }

    /// A ticket's owner or status before and after a change.
    typealias OwnerMove = (from: (owner: String?, status: TicketStatus), to: (owner: String?, status: TicketStatus))

    /// Runs `body` on `t`, noting in `moved` whether its owner or status changed. The fields are
    /// read on the ticket being changed, not through the pages again (that cost ~500
    /// instructions a comment: Scripts/instructions).
    private static func noting<R, E: Error>(_ t: inout Ticket, _ moved: inout OwnerMove?,
                                            _ body: (inout Ticket) throws(E) -> R) throws(E) -> R {
        let owner = t.owner, status = t.status
        defer {
            if t.status != status || t.owner != owner { moved = ((owner, status), (t.owner, t.status)) }
        }
        return try body(&t)
    }

    private mutating func recount(_ m: OwnerMove) {
        counts.add(owner: m.from.owner, status: m.from.status, -1)
        counts.add(owner: m.to.owner, status: m.to.status, 1)
    }
}
