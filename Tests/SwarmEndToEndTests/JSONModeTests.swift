// JSON mode as a bot in any language would use it.
import Foundation
import Testing
@testable import SwarmServer

@Suite struct JSONModeTests {
    static func object(_ line: String?) throws -> [String: Any] {
        let l = try #require(line)
        return try #require(try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any])
    }

    @Test func requestIds_AreEchoed_EveryLineIsAnObject() throws {
        let server = try TestServer()
        let bot = try TestClient(port: server.port)
        _ = bot.nextLine()
        bot.send("/format json")
        #expect(try Self.object(bot.nextLine())["message"] as? String == "format json")
        bot.send(#"{"id": 1, "line": "/hello triage-bot"}"#)
        let hello = try Self.object(bot.nextLine())
        #expect(hello["id"] as? Int == 1 && hello["ok"] as? Bool == true && hello["type"] as? String == "reply")
        bot.send(#"{"id": "abc", "line": "/open P2 Disk full on build agent"}"#)
        let open = try Self.object(bot.nextLine())
        #expect(open["id"] as? String == "abc")
        #expect((open["data"] as? [String: Any])?["ticket"] as? Int == 1)
        bot.send(#"{"id": {"n": [1, 2]}, "line": "/show #42"}"#)
        let err = try Self.object(bot.nextLine())
        #expect(err["ok"] as? Bool == false && err["code"] as? String == "no-such-ticket")
        #expect((err["id"] as? [String: Any])?["n"] as? [Int] == [1, 2])
        // A plain comment with an id gets a reply carrying the comment's id.
        bot.send(#"{"id": 9, "line": "df shows 100% on /var"}"#)
        let said = try Self.object(bot.nextLine())
        #expect(said["id"] as? Int == 9 && (said["data"] as? [String: Any])?["comment"] as? Int == 1)
        bot.send("{not json")
        let bad = try Self.object(bot.nextLine())
        #expect(bad["code"] as? String == "bad-json" && bad["id"] == nil)
        // An object that is not a whole request still gets its id back, so a bot can match it.
        bot.send(#"{"id": 3, "lines": "/ping"}"#)
        let noLine = try Self.object(bot.nextLine())
        #expect(noLine["code"] as? String == "bad-json" && noLine["id"] as? Int == 3)
        // A request without an id is answered once, with no id at all (not "id": null).
        bot.send(#"{"line": "/ping"}"#)
        let anonymous = try #require(bot.nextLine())
        #expect(try Self.object(anonymous)["ok"] as? Bool == true)
        #expect(!anonymous.contains("\"id\""))
        // Indented, it is still a request (not a comment), and a NUL inside it is refused.
        bot.send(#"   {"id": 5, "line": "/ping indented"}"#)
        let indented = try Self.object(bot.nextLine())
        #expect(indented["id"] as? Int == 5 && indented["message"] as? String == "pong indented")
        bot.send(#"{"id": 6, "line": "nul\u0000byte"}"#)
        let nul = try Self.object(bot.nextLine())
        #expect(nul["id"] as? Int == 6 && nul["code"] as? String == "bad-input")
        #expect(bot.unread().isEmpty)
    }

    /// A join's history and member list are built for JSON sessions only; a text session gets the
    /// same comments as lines and the member count in its OK.
    @Test func joinAndHistory_CarryTheirData_InJSONOnly() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        #expect(alice.status("/open P2 vpn down").hasPrefix("OK"))
        for i in 1...3 { #expect(alice.status("/say #1 note \(i)").hasPrefix("OK")) }
        let bot = try server.agent("bot1")
        bot.send("/format json")
        #expect(try Self.object(bot.nextLine())["ok"] as? Bool == true)
        bot.send(#"{"id": 1, "line": "/join #1"}"#)
        let joined = try Self.object(bot.nextLine())
        let data = try #require(joined["data"] as? [String: Any])
        #expect(data["members"] as? [String] == ["alice", "bot1"])
        let history = try #require(data["history"] as? [[String: Any]])
        #expect(history.map { $0["text"] as? String } == ["note 1", "note 2", "note 3"])
        #expect(history.allSatisfy { ($0["at"] as? String)?.count == 24 && $0["author"] as? String == "alice" })
        bot.send(#"{"id": 2, "line": "/history #1 2"}"#)
        let recent = try #require(try Self.object(bot.nextLine())["data"] as? [String: Any])
        #expect((recent["history"] as? [[String: Any]])?.map { $0["text"] as? String } == ["note 2", "note 3"])

        let carol = try server.agent("carol")
        let reply = carol.command("/join #1")
        #expect(reply.count == 4)
        #expect(reply.prefix(3).allSatisfy { $0.contains("history] alice: note") })
        #expect(reply.last?.hasPrefix("OK joined #1 vpn down (3 in the room)") == true, "\(reply)")
    }

    @Test func eventsAreObjects_WithStableNames() throws {
        let server = try TestServer()
        let bot = try server.agent("bot1")
        bot.send("/format json")
        #expect(try Self.object(bot.nextLine())["ok"] as? Bool == true)
        let alice = try server.agent("alice")
        _ = alice.command("/open P1 Core switch down")
        let opened = try Self.object(bot.nextLine())
        #expect(opened["type"] as? String == "event" && opened["event"] as? String == "ticket.opened")
        #expect(opened["ticket"] as? Int == 1 && opened["priority"] as? String == "P1" && opened["actor"] as? String == "alice")
        bot.send(#"{"id": 2, "line": "/join 1"}"#)
        #expect(try Self.object(bot.nextLine())["id"] as? Int == 2)
        alice.send("switch is rebooting")
        let comment = try Self.object(bot.nextLine())
        #expect(comment["event"] as? String == "comment" && comment["text"] as? String == "switch is rebooting")
        #expect(comment["comment"] as? Int == 1 && comment["actor"] as? String == "alice")
        #expect((comment["at"] as? String)?.hasSuffix("Z") == true)
    }
}
