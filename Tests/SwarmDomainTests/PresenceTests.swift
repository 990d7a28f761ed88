// Room membership and current-room rules, without any socket.
import Testing
import SwarmDomain

@Suite struct PresenceTests {
    @Test func joinMakesCurrent_LeaveFallsBackToLastJoined() {
        var p = Presence()
        p.arrive("alice")
        let first = p.join("alice", TicketID(1))
        let second = p.join("alice", TicketID(2))
        let again = p.join("alice", TicketID(1))  // already a member: becomes current again
        #expect(first && second && !again)
        #expect(p.currentRoom(of: "alice") == TicketID(1))
        let left = p.leave("alice", TicketID(1))
        #expect(left)
        #expect(p.currentRoom(of: "alice") == TicketID(2))
        #expect(p.members(of: TicketID(1)).isEmpty)
    }

    @Test func departLeavesEveryRoom() {
        var p = Presence()
        p.arrive("bob")
        p.join("bob", TicketID(3))
        p.join("bob", TicketID(4))
        let rooms = p.depart("bob")
        #expect(rooms == [TicketID(3), TicketID(4)])
        #expect(!p.isOnline("bob"))
        #expect(p.members(of: TicketID(3)).isEmpty)
        #expect(p.currentRoom(of: "bob") == nil)
    }
}
