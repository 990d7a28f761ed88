// Two or more real TCP clients in rooms: comments, history, isolation, fan-out.
import Testing
import SwarmDomain
@testable import SwarmServer

@Suite struct RoomChatTests {
    @Test func twoAgentsInARoom_SeeEachOthersComments_InOrder() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        #expect(alice.status("/open P2 Printer on floor 3 jams") == "OK opened #1")
        #expect(bob.status("/join #1").hasPrefix("OK joined #1"))
        for i in 1...5 { alice.send("alice line \(i)") }
        for i in 1...5 { bob.send("bob line \(i)") }
        let seenByBob = bob.readUntil { $0.hasSuffix("alice line 5") } ?? []
        #expect(seenByBob.filter { $0.contains("alice: alice line") }.map { String($0.suffix(1)) } == ["1", "2", "3", "4", "5"])
        let seenByAlice = alice.readUntil { $0.hasSuffix("bob line 5") } ?? []
        let bobLines = seenByAlice.filter { $0.contains("] bob: bob line") }
        #expect(bobLines.count == 5)
        #expect(bobLines.first?.hasPrefix("[#1 ") == true)
        // Authors do not get their own comments back.
        #expect(!seenByBob.contains { $0.contains("bob: bob line") })
    }

    @Test func agentInAnotherRoom_SeesNothing() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let carol = try server.agent("carol")
        _ = alice.command("/open P3 VPN flaps")
        _ = carol.command("/open P3 Mailbox full")
        carol.skipReceived()
        alice.send("secret to room 1")
        // A ping round trip after alice's line proves the server processed it before carol checks.
        _ = alice.command("/ping")
        #expect(carol.command("/ping marker") == ["OK pong marker"])
        carol.skipReceived()
        #expect(!carol.received.contains { $0.contains("secret to room 1") })
    }

    @Test func joiningReplaysTheLastTwentyComments_AsHistory() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        _ = alice.command("/open P1 Database down")
        for i in 1...25 { _ = alice.command("/say #1 note \(i)") }
        let bob = try server.agent("bob")
        let reply = bob.command("/join 1")
        let history = reply.filter { $0.contains(" history] ") }
        #expect(history.count == 20)
        #expect(history.first?.hasSuffix("alice: note 6") == true)
        #expect(history.last?.hasSuffix("alice: note 25") == true)
        #expect(reply.last?.hasPrefix("OK joined #1") == true)
    }

    @Test func twoHundredClientsInOneRoom_AllReceiveOneComment() throws {
        let server = try TestServer()
        let opener = try server.agent("opener")
        _ = opener.command("/open P1 Major incident: SSO down")
        var members: [TestClient] = []
        for i in 0..<200 {
            let c = try server.agent("a\(i)")
            #expect(c.status("/join #1").hasPrefix("OK joined #1"))
            members.append(c)
        }
        #expect(opener.status("/say #1 status update: failover started").hasPrefix("OK ^1"))
        var got = 0
        for c in members where c.readUntil({ $0.hasSuffix("opener: status update: failover started") }) != nil { got += 1 }
        #expect(got == 200)
    }
}

@Suite struct RoomCommandTests {
    @Test func leaveRoomWhoAgentsHistory() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        _ = alice.command("/open P3 First")
        _ = alice.command("/open P4 Second")
        #expect(alice.command("/who") == ["  alice", "OK 1 in #2"])
        #expect(alice.status("/room #1") == "OK current room #1")
        alice.send("goes to first")
        #expect(bob.command("/history #1") == ["  [#1 \(TimeText.clock(server.clock.now())) ^1 history] alice: goes to first", "OK 1 of 1 comments in #1"])
        #expect(bob.status("/room #1") == "ERR not-in-room you are not in #1; /join #1 first")
        #expect(bob.status("/say #1 hi") == "ERR not-in-room you are not in #1; /join #1 first")
        #expect(bob.status("/history #1 0") == "ERR usage COUNT is 1 to 500")
        _ = bob.command("/join #2")
        let agents = alice.command("/agents")
        #expect(agents.count == 3 && agents[0].hasPrefix("  alice ") && agents[0].hasSuffix("rooms #1 #2"))
        #expect(agents[1].hasPrefix("  bob ") && agents[1].hasSuffix("rooms #2") && agents[2] == "OK 2 online")
        #expect(alice.status("/leave") == "OK left #1; current room is #2")
        #expect(alice.status("/leave #1") == "ERR not-in-room you are not in #1")
        #expect(alice.status("/leave #2") == "OK left #2")
        alice.send("nowhere to go")
        #expect(alice.reply().first?.hasPrefix("ERR no-room") == true)
        #expect(bob.command("/who #2") == ["  bob", "OK 1 in #2"])
        #expect(bob.status("/show #3") == "ERR no-such-ticket #3 does not exist")
    }

    @Test func disconnect_IsAnnouncedToTheRoom_AndFreesTheName() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        _ = alice.command("/open P3 Room")
        _ = bob.command("/join 1")
        bob.close()
        #expect(alice.readUntil { $0.hasSuffix("* bob left (disconnected)") } != nil)
        #expect(alice.command("/who") == ["  alice", "OK 1 in #1"])
    }

    /// The server keeps each room's members resolved to connections between events. After every
    /// kind of change (a leave, a join, a change in another room, a hang-up and a reconnect under
    /// the same name, a rejoin) the next comment reaches exactly the room's members at that moment.
    @Test func membershipChanges_EachNextCommentReachesExactlyTheMembers() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let oldBob = try server.agent("bob")
        let carol = try server.agent("carol")
        let dave = try server.agent("dave")
        let erin = try server.agent("erin")
        _ = alice.command("/open P2 Resolved rooms")   // #1, alice in it
        _ = erin.command("/open P3 Somewhere else")    // #2
        var listeners: [(name: String, client: TestClient)] = [("oldBob", oldBob), ("carol", carol), ("dave", dave), ("erin", erin)]
        /// Where each listener's unscanned lines start: history replayed by a /join is skipped.
        var scanned: [String: Int] = [:]
        func skip(_ name: String, _ c: TestClient) { c.skipReceived(); scanned[name] = c.received.count }
        func join(_ name: String, _ c: TestClient, _ room: String) {
            #expect(c.status("/join \(room)").hasPrefix("OK joined \(room)"))
            skip(name, c)
        }
        join("oldBob", oldBob, "#1")
        join("carol", carol, "#1")
        for (name, c) in listeners { skip(name, c) }
        var heard: [String: [Int]] = [:]
        /// alice posts `line n`; then each listener's live copies are counted after a /ping, whose
        /// reply the server queues behind any copy already made for that listener.
        func post(_ n: Int) {
            alice.send("line \(n)")
            _ = alice.command("/ping")
            for (name, c) in listeners {
                if !(name == "oldBob" && n >= 4) { _ = c.command("/ping") }
                heard[name, default: []] += c.received[scanned[name, default: 0]...].compactMap { line in
                    line.hasPrefix("[#1 ") && line.hasSuffix("] alice: line \(n)") ? n : nil
                }
                skip(name, c)
            }
        }
        post(1)
        #expect(carol.status("/leave #1").hasPrefix("OK left #1"))
        post(2)
        join("dave", dave, "#1")
        join("carol", carol, "#2")   // another room changes
        post(3)
        oldBob.close()
        #expect(alice.readUntil { $0.hasSuffix("* bob left (disconnected)") } != nil)
        let newBob = try server.agent("bob")
        listeners.append(("newBob", newBob))
        join("newBob", newBob, "#1")
        post(4)
        join("carol", carol, "#1")
        post(5)
        #expect(heard["oldBob"] == [1, 2, 3])
        #expect(heard["carol"] == [1, 5])
        #expect(heard["dave"] == [3, 4, 5])
        #expect(heard["newBob"] == [4, 5])
        #expect(heard["erin"] == [])
    }

    /// `/tickets`: one line per ticket, within 80 columns, no trailing blanks; a long title is cut
    /// with `…`; closed tickets only with `all`.
    @Test func ticketsList_FitsTheTerminal() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        _ = alice.command("/open P2 Printer jams")
        _ = alice.command("/open P1 " + String(repeating: "Very long title ", count: 10))
        _ = alice.command("/resolve #1 cleared the jam")
        _ = alice.command("/close #1")
        let lines = alice.command("/tickets")
        #expect(lines.last == "OK 1 ticket")
        #expect(lines.count == 2 && lines[0].hasPrefix("  #2    P1 new") && lines[0].hasSuffix("…"))
        let all = alice.command("/tickets all")
        #expect(all.last == "OK 2 tickets" && all[0].hasSuffix("Printer jams"))
        #expect(all.allSatisfy { $0.count <= 80 && !$0.hasSuffix(" ") })
    }
}
