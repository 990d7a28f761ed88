// What `/whois` says of an agent's work on the board, in one pass over the tickets read in place.
// Six separate scans (swarms, three counts, load, doing) took about 8 ms at 100,000 tickets,
// every client's latency while it ran on the event loop (Scripts/big-board-commands).

public struct AgentRecord: Equatable, Sendable {
    /// Open tickets owned.
    public private(set) var load = 0
    /// Owned tickets in `doing`.
    public private(set) var doing: [TicketID] = []
    /// Tickets whose swarm the agent joined.
    public private(set) var swarms: [TicketID] = []
    public private(set) var firstResponses = 0
    public private(set) var resolutions = 0
    public private(set) var opened = 0

    public init(of name: String, on board: Board) {
        board.tickets.forEachPage { page in
            for i in page.indices {
                let t = page.baseAddress! + i
                if t.pointee.owner == name {
                    if t.pointee.status.isOpen { load += 1 }
                    if t.pointee.status == .doing { doing.append(t.pointee.id) }
                }
                if t.pointee.swarm.contains(name) { swarms.append(t.pointee.id) }
                if t.pointee.firstResponder == name { firstResponses += 1 }
                if t.pointee.resolvedBy == name { resolutions += 1 }
                if t.pointee.openedBy == name { opened += 1 }
            }
        }
    }
}
