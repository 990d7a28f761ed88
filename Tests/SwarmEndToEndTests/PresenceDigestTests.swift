// Joins and leaves in a room bigger than --announce-limit come as one summary a second; smaller
// rooms hear each one as it happens.
import Foundation
import Testing
@testable import SwarmServer

@Suite struct PresenceDigestTests {
    @Test func aBigRoom_HearsJoinsAndLeaves_AsOneSummaryASecond() throws {
        let server = try TestServer { $0.announceLimit = 3 }
        let alice = try server.agent("alice")
        #expect(alice.status("/open P1 core switch down").hasPrefix("OK"))
        let bob = try server.agent("bob")
        #expect(bob.status("/join #1").hasPrefix("OK"))
        let carol = try server.agent("carol")
        #expect(carol.status("/join #1").hasPrefix("OK joined #1 core switch down (3 in the room)"))
        // Up to the limit, each join is a line of its own.
        #expect(alice.readUntil { $0.hasSuffix("* bob joined") } != nil)
        #expect(alice.readUntil { $0.hasSuffix("* carol joined") } != nil)
        carol.send("/format json")
        #expect(carol.nextLine()?.contains("format json") == true)

        // Past it, into the summary: dave and erin join, bob leaves (4 left in the room).
        let dave = try server.agent("dave")
        #expect(dave.status("/join #1").hasPrefix("OK joined #1 core switch down (4 in the room)"))
        let erin = try server.agent("erin")
        #expect(erin.status("/join #1").hasPrefix("OK joined #1 core switch down (5 in the room)"))
        #expect(bob.status("/leave #1") == "OK left #1")
        // erin's disconnect leaves 3: back within the limit, so it is told at once.
        erin.close()
        #expect(alice.readUntil { $0.hasSuffix("* erin left (disconnected)") } != nil)
        let meanwhile = alice.command("/ping")
        #expect(meanwhile.last == "OK pong")
        #expect(!alice.received.contains { $0.contains("dave joined") || $0.contains("bob left") || $0.contains("in the room;") },
                "\(alice.received)")

        // A second later (the cron's next tick), one line to everyone in the room.
        server.clock.advance(.seconds(1))
        let summary = try #require(alice.readUntil { $0.contains("joined (") }?.last)
        #expect(summary.hasSuffix("] * 2 joined (dave, erin), 1 left (bob); 3 in the room"), "\(summary)")
        #expect(dave.readUntil { $0.contains("joined (") }?.last == summary)
        let json = try #require(carol.readUntil { $0.contains("room.presence") }?.last)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(event["joined"] as? [String] == ["dave", "erin"])
        #expect(event["left"] as? [String] == ["bob"])
        #expect(event["members"] as? Int == 3 && event["ticket"] as? Int == 1)
        #expect(bob.unread().allSatisfy { !$0.contains("joined (") }, "bob left before the summary")

        // Once told, nothing more until the next change.
        server.clock.advance(.seconds(2))
        #expect(alice.command("/ping").last == "OK pong")
        #expect(alice.unread().isEmpty)
    }

    @Test func namesPastFive_AreCounted() throws {
        let server = try TestServer { $0.announceLimit = 1 }
        let alice = try server.agent("alice")
        #expect(alice.status("/open P1 storm").hasPrefix("OK"))
        let others = try (1...8).map { try server.agent("agent\($0)") }
        for a in others { #expect(a.status("/join #1").hasPrefix("OK")) }
        _ = alice.command("/ping")
        server.clock.advance(.seconds(1))
        let summary = try #require(alice.readUntil { $0.contains("joined (") }?.last)
        #expect(summary.hasSuffix("] * 8 joined (agent1, agent2, agent3, agent4, agent5 and 3 more); 9 in the room"), "\(summary)")
    }

    /// An agent toggling in and out of a big room is named once in each list, however often.
    @Test func anAgentTogglingInAndOut_IsNamedOncePerList() throws {
        let server = try TestServer { $0.announceLimit = 1 }
        let alice = try server.agent("alice")
        #expect(alice.status("/open P1 storm").hasPrefix("OK"))
        let bob = try server.agent("bob")
        let carol = try server.agent("carol")
        #expect(carol.status("/join #1").hasPrefix("OK"))
        for _ in 0..<20 {
            #expect(bob.status("/join #1").hasPrefix("OK"))
            #expect(bob.status("/leave #1").hasPrefix("OK"))
        }
        _ = alice.command("/ping")
        server.clock.advance(.seconds(1))
        let summary = try #require(alice.readUntil { $0.contains("joined (") }?.last)
        #expect(summary.hasSuffix("] * 2 joined (carol, bob), 1 left (bob); 2 in the room"), "\(summary)")
    }

    @Test func withLimitZero_EveryJoinIsALine() throws {
        let server = try TestServer { $0.announceLimit = 0 }
        let alice = try server.agent("alice")
        #expect(alice.status("/open P1 storm").hasPrefix("OK"))
        let others = try (1...60).map { try server.agent("agent\($0)") }
        for a in others { #expect(a.status("/join #1").hasPrefix("OK")) }
        #expect(alice.readUntil { $0.hasSuffix("* agent60 joined") } != nil)
        #expect(alice.received.filter { $0.hasSuffix(" joined") }.count == 60)
    }
}
