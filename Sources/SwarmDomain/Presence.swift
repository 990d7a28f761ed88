// Who is online, which rooms they sit in, and which room their plain lines go to.
// Not persisted: after a restart everyone reconnects and rejoins.
public struct Presence: Sendable, Equatable {
    public private(set) var online: Set<String> = []
    /// Members of each room in join order: the fan-out loop walks this array.
    private var members: [TicketID: [String]] = [:]
    private var rooms: [String: [TicketID]] = [:]
    private var current: [String: TicketID] = [:]
    /// Each occupied room's revision. The server keeps a room's members resolved to connections
    /// and resolves them again only when this moved: a join elsewhere must not make every busy
    /// room look its members up again.
    private var revisions: [TicketID: UInt64] = [:]
    private var lastRevision: UInt64 = 0

    public init() {}

    /// Changes whenever `members(of:)` does (joins, leaves, departures), and only then: each change
    /// takes a value never used before, and an empty room is 0. So a room seen twice at the same
    /// revision has the same members.
    public func revision(of ticket: TicketID) -> UInt64 { revisions[ticket] ?? 0 }

    /// Takes `agent` off a room's member list; an emptied room is dropped, so its revision is 0.
    private mutating func removeMember(_ agent: String, from ticket: TicketID) {
        members[ticket]?.removeAll { $0 == agent }
        if members[ticket]?.isEmpty == true { members[ticket] = nil }
        changed(ticket)
    }

    private mutating func changed(_ ticket: TicketID) {
        if members[ticket] == nil {
            revisions[ticket] = nil
        } else {
            lastRevision += 1
            revisions[ticket] = lastRevision
        }
    }

    public func isOnline(_ agent: String) -> Bool { online.contains(agent) }
    public func members(of ticket: TicketID) -> [String] { members[ticket] ?? [] }
    public func rooms(of agent: String) -> [TicketID] { rooms[agent] ?? [] }
    public func currentRoom(of agent: String) -> TicketID? { current[agent] }
    public func isMember(_ agent: String, of ticket: TicketID) -> Bool { rooms[agent]?.contains(ticket) ?? false }

    public mutating func arrive(_ agent: String) { online.insert(agent) }

    /// Takes the agent out of every room; returns the rooms they were in.
    @discardableResult
    public mutating func depart(_ agent: String) -> [TicketID] {
        online.remove(agent)
        let left = rooms.removeValue(forKey: agent) ?? []
        for t in left { removeMember(agent, from: t) }
        current.removeValue(forKey: agent)
        return left
    }

    /// Joins and makes it the current room; returns false if already a member.
    @discardableResult
    public mutating func join(_ agent: String, _ ticket: TicketID) -> Bool {
        current[agent] = ticket
        if isMember(agent, of: ticket) { return false }
        members[ticket, default: []].append(agent)
        rooms[agent, default: []].append(ticket)
        changed(ticket)
        return true
    }

    /// Leaves a room; the current room falls back to the most recently joined one left.
    @discardableResult
    public mutating func leave(_ agent: String, _ ticket: TicketID) -> Bool {
        guard isMember(agent, of: ticket) else { return false }
        removeMember(agent, from: ticket)
        rooms[agent]?.removeAll { $0 == ticket }
        if current[agent] == ticket { current[agent] = rooms[agent]?.last }
        return true
    }

    /// Switches the current room to one already joined.
    public mutating func select(_ agent: String, _ ticket: TicketID) -> Bool {
        guard isMember(agent, of: ticket) else { return false }
        current[agent] = ticket
        return true
    }
}
