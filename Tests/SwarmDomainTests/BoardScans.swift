// A scan the board no longer makes (its counts and AgentRecord replaced it), kept here as the
// reference the tests compare them with.
@testable import SwarmDomain

extension Board {
    /// An agent's tickets in `doing`, by a pass over the board.
    func doing(of agent: String) -> [TicketID] {
        var out: [TicketID] = []
        for i in tickets.indices where tickets[i].status == .doing && tickets[i].owner == agent { out.append(tickets[i].id) }
        return out
    }
}
