// Room membership and current-room rules, without any socket.
import Testing
import SwarmDomain
import SwarmTestSupport

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

    @Test func revision_MovesWithTheRoomsMembers_AndOnlyThen() {
        var p = Presence()
        let a = TicketID(1), b = TicketID(2)
        #expect(p.revision(of: a) == 0)
        p.arrive("alice")
        p.arrive("bob")
        #expect(p.revision(of: a) == 0, "arriving joins no room")

        p.join("alice", a)
        let afterJoin = p.revision(of: a)
        #expect(afterJoin != 0)

        // Changes to another room, the current room and arrivals leave this room's revision alone.
        p.join("alice", b)
        p.join("bob", b)
        _ = p.select("alice", a)
        p.arrive("carol")
        p.join("alice", a)  // already a member: the member list is the same
        #expect(p.revision(of: a) == afterJoin)

        p.join("bob", a)
        let afterBob = p.revision(of: a)
        #expect(afterBob != afterJoin)
        p.leave("bob", a)
        let afterLeave = p.revision(of: a)
        #expect(afterLeave != afterBob && afterLeave != afterJoin,
                "same members as after alice's join, but a new revision: values are never reused")

        let bBefore = p.revision(of: b)
        p.depart("alice")
        #expect(p.revision(of: a) == 0, "alice's departure empties #1")
        #expect(p.revision(of: b) != bBefore && p.revision(of: b) != 0, "and changes #2, where bob stays")
        #expect(p.members(of: a).isEmpty)

        // Emptied and filled again: a revision it never had.
        p.join("bob", a)
        #expect(![0, afterJoin, afterBob, afterLeave].contains(p.revision(of: a)))
    }

    @Test func revision_EqualRevisionsMeanEqualMembers_OverRandomChanges() {
        var rng = SeededRNG(state: 7)
        var p = Presence()
        let names = ["a", "b", "c", "d", "e"]
        let tickets = (1...4).map { TicketID($0) }
        for n in names { p.arrive(n) }
        var seen: [TicketID: [UInt64: [String]]] = [:]
        for _ in 0..<5_000 {
            let n = names[Int(rng.next() % UInt64(names.count))]
            let t = tickets[Int(rng.next() % UInt64(tickets.count))]
            switch rng.next() % 5 {
            case 0, 1: p.join(n, t)
            case 2: p.leave(n, t)
            case 3: _ = p.select(n, t)
            default:
                p.depart(n)
                p.arrive(n)
            }
            for t in tickets {
                let r = p.revision(of: t)
                if let before = seen[t]?[r] {
                    #expect(before == p.members(of: t), "\(t) at revision \(r)")
                } else {
                    seen[t, default: [:]][r] = p.members(of: t)
                }
            }
        }
        #expect(seen.values.map(\.count).reduce(0, +) > 100, "the walk changed rooms often")
    }
}
