// /stats, /list, /tickets and !triage are answered beside the loop: the loop answers everyone
// meanwhile, the asker's later lines wait and are answered in order, and the answer is that of
// the board when asked.
import Foundation
import Testing
@testable import SwarmServer

@Suite struct BesideLoopTests {
    /// Holds the board-reading queue while `body` runs (resumed also when it throws).
    static func whileCounterHeld(_ server: TestServer, _ body: () throws -> Void) rethrows {
        let counter = server.handle.inspect { $0.boardReader }
        counter.suspend()
        defer { counter.resume() }
        try body()
    }

    static func waiting(_ name: String) -> @Sendable (Server) -> Bool {
        { $0.sessionsByAgent[name]?.pausedUntil != nil }
    }

    @Test func stats_IsCountedOffTheLoop_OnTheBoardAsItWasWhenAsked_AndLaterLinesWaitInOrder() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        #expect(alice.status("/open P1 VPN down") == "OK opened #1")
        try Self.whileCounterHeld(server) {
            alice.send("/stats")
            alice.send("/ping after stats")
            #expect(server.waitUntil(Self.waiting("alice")))
            // The loop is free: others are answered and the board moves on.
            #expect(bob.status("/ping meanwhile") == "OK pong meanwhile")
            #expect(bob.status("/open P2 Mail slow").hasPrefix("OK opened #2"))
            #expect(alice.readUntil(timeout: 0.3) { $0.contains("pong") || $0.hasPrefix("OK stats") } == nil)
        }
        let lines = try #require(alice.readUntil { $0 == "OK pong after stats" })
        let stats = try #require(lines.firstIndex { $0.hasPrefix("OK stats") })
        // Counted on the board as it was when asked: one ticket, not two.
        #expect(lines[stats] == "OK stats for 1 ticket")
        #expect(lines.contains("  status: new 1, doing 0, blocked 0, review 0, resolved 0, closed 0"))
        #expect(stats < lines.count - 1, "the ping sent after /stats is answered after it")
        #expect(alice.command("/stats").last == "OK stats for 2 tickets")
    }

    @Test func jsonRequests_KeepTheirOrderAndIds_AcrossTheWait() throws {
        let server = try TestServer()
        let bot = try TestClient(port: server.port)
        _ = bot.nextLine()
        bot.send("/format json")
        _ = bot.nextLine()
        bot.send(#"{"id": 1, "line": "/hello stats-bot"}"#)
        _ = bot.nextLine()
        bot.send(#"{"id": 2, "line": "/open P3 Badge reader"}"#)
        _ = bot.nextLine()
        bot.send(#"{"id": 3, "line": "/stats"}"#)
        bot.send(#"{"id": 4, "line": "/ping"}"#)
        let stats = try JSONModeTests.object(bot.nextLine())
        let pong = try JSONModeTests.object(bot.nextLine())
        #expect(stats["id"] as? Int == 3 && stats["ok"] as? Bool == true)
        let data = try #require(stats["data"] as? [String: Any])
        #expect((data["by_status"] as? [String: Any])?["new"] as? Int == 1)
        #expect((data["by_priority"] as? [String: Any])?["P3"] as? Int == 1)
        #expect(pong["id"] as? Int == 4)
    }

    @Test func anAskerHangingUpWhileCounted_IsClosedOnceTheCountIsDone_AndOthersCarryOn() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        _ = alice.status("/open P2 Printer jam")
        try Self.whileCounterHeld(server) {
            alice.send("/stats")
            #expect(server.waitUntil(Self.waiting("alice")))
            // Not read while it waits, so the hang-up is seen once the count is done.
            alice.close()
            #expect(bob.status("/ping meanwhile") == "OK pong meanwhile")
        }
        #expect(server.waitUntil { $0.sessionsByAgent["alice"] == nil && $0.sessions.count == 1 })
        #expect(bob.command("/stats").last == "OK stats for 1 ticket")
    }

    @Test(arguments: [("/list", "OK 1 ticket"), ("/tickets", "OK 1 ticket"), ("!triage", "OK 1 unassigned")])
    func listings_AreAnsweredBesideTheLoop_OnTheBoardAsItWasWhenAsked(command: String, answer: String) throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        #expect(alice.status("/open P1 VPN down") == "OK opened #1")
        try Self.whileCounterHeld(server) {
            alice.send(command)
            alice.send("/ping after")
            #expect(server.waitUntil(Self.waiting("alice")))
            #expect(bob.status("/ping meanwhile") == "OK pong meanwhile")
            #expect(bob.status("/open P2 Mail slow").hasPrefix("OK opened #2"))
        }
        let lines = try #require(alice.readUntil { $0 == "OK pong after" })
        let reply = try #require(lines.firstIndex { $0.hasPrefix("OK") && $0 != "OK pong after" })
        #expect(lines[reply] == answer, "\(command): \(lines)")
        // Its data lines (#2's feed event may come before them: events are not held).
        let data = lines[..<reply].reversed().prefix { $0.hasPrefix("  ") }
        #expect(data.count == 1 && data.first?.contains("#1") == true, "\(command): \(lines)")
        #expect(reply < lines.count - 1)
    }

    /// `command`'s reply (its data lines and status), asked while the counting queue is held and
    /// `meanwhile` changes the board; others are answered meanwhile, the asker's /ping after.
    static func askedWhileHeld(_ server: TestServer, _ asker: TestClient, _ command: String,
                               meanwhile: () -> Void) throws -> [String] {
        try whileCounterHeld(server) {
            asker.send(command)
            asker.send("/ping after")
            #expect(server.waitUntil(waiting("alice")))
            meanwhile()
        }
        let lines = try #require(asker.readUntil { $0 == "OK pong after" })
        let status = try #require(lines.lastIndex { $0.hasPrefix("OK") && $0 != "OK pong after" })
        return lines[..<status].filter { $0.hasPrefix("  ") } + [lines[status]]
    }

    @Test func boardWhoisAgentsStaleAndExport_AreAnsweredBesideTheLoop_OnTheBoardAsItWasWhenAsked() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        #expect(alice.status("/open P1 VPN down") == "OK opened #1")
        let whois = try Self.askedWhileHeld(server, alice, "/whois bob") {
            #expect(bob.status("/claim #1") == "OK claimed #1 (doing)")
        }
        #expect(whois.contains("  load: 0 open owned, 0 in doing") && whois.last == "OK whois bob", "\(whois)")
        #expect(alice.command("/whois bob").contains("  load: 1 open owned, 1 in doing (#1)"))

        #expect(alice.status("/open P2 Mail slow") == "OK opened #2")
        let agents = try Self.askedWhileHeld(server, alice, "/agents") {
            #expect(bob.status("/claim #2") == "OK claimed #2 (doing)")
        }
        #expect(agents.contains { $0.hasPrefix("  bob") && $0.contains("load 1 ") } && agents.last == "OK 2 online", "\(agents)")
        #expect(alice.command("/agents").contains { $0.hasPrefix("  bob") && $0.contains("load 2 ") })

        #expect(alice.status("/open P3 Printer jam") == "OK opened #3")
        #expect(bob.status("/join #1").hasPrefix("OK"))
        server.clock.advance(.minutes(31))
        let stale = try Self.askedWhileHeld(server, alice, "!stale") {
            #expect(bob.status("/say #1 looking").hasPrefix("OK"))
        }
        #expect(stale.count == 4 && stale.last == "OK 3 stale (quiet for 30m or more)", "\(stale)")
        #expect(alice.status("!stale") == "OK 2 stale (quiet for 30m or more)")

        let export = try Self.askedWhileHeld(server, alice, "/export #1") {
            #expect(bob.status("/say #1 found it").hasPrefix("OK"))
        }
        #expect(export.contains { $0.contains("looking") } && !export.contains { $0.contains("found it") }, "\(export)")
        #expect(alice.command("/export #1").contains { $0.contains("found it") })

        let board = try Self.askedWhileHeld(server, alice, "/board") {
            #expect(bob.status("/open P1 Fourth") == "OK opened #4")
        }
        #expect(board.last == "OK board: 3 open" && !board.contains { $0.contains("Fourth") }, "\(board)")
        #expect(alice.status("/board") == "OK board: 4 open")
    }

    @Test func longHistory_IsRenderedBesideTheLoop_ShortHistoryOnIt() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        #expect(alice.status("/open P1 VPN down") == "OK opened #1")
        #expect(bob.status("/join #1").hasPrefix("OK"))
        for i in 1...30 { #expect(alice.status("/say #1 note \(i)").hasPrefix("OK ^\(i) ")) }
        let long = try Self.askedWhileHeld(server, alice, "/history #1 100") {
            #expect(bob.status("/say #1 found it").hasPrefix("OK ^31 "))
        }
        #expect(long.last == "OK 30 of 30 comments in #1" && !long.contains { $0.contains("found it") }, "\(long)")
        try Self.whileCounterHeld(server) {
            // As many as a /join replays: answered at once, with the reader held.
            let short = alice.command("/history #1 20")
            #expect(short.last == "OK 20 of 31 comments in #1" && short.dropLast().last?.contains("found it") == true, "\(short)")
        }
    }

    @Test func wanted_IsAnsweredBesideTheLoop_OnTheBoardAsItWasWhenAsked() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        #expect(alice.status("/skills +db") == "OK skills: db")
        #expect(bob.status("/open P2 Replica lag").hasPrefix("OK opened #1"))
        _ = bob.status("/tag #1 +db")
        try Self.whileCounterHeld(server) {
            alice.send("/wanted")
            alice.send("/ping after")
            #expect(server.waitUntil(Self.waiting("alice")))
            #expect(bob.status("/open P1 Primary down").hasPrefix("OK opened #2"))
            _ = bob.status("/tag #2 +db")
        }
        let lines = try #require(alice.readUntil { $0 == "OK pong after" })
        let reply = try #require(lines.firstIndex { $0.hasPrefix("OK 1 ticket") })
        #expect(lines[reply] == "OK 1 ticket want you", "\(lines)")
        #expect(lines[reply - 1].contains("#1") && lines[reply - 1].hasSuffix("[db]"), "\(lines)")
        // Asked again, both, in board order (P1 first).
        let again = alice.command("/wanted")
        #expect(again.last == "OK 2 tickets want you")
        #expect(again.first?.contains("#2") == true && again.dropLast().last?.contains("#1") == true, "\(again)")
    }

    @Test func aScrape_DoesNotWaitBehindAListing() throws {
        let server = try TestServer { $0.metricsPort = 0 }
        let alice = try server.agent("alice")
        _ = alice.status("/open P2 Printer jam")
        try Self.whileCounterHeld(server) {
            alice.send("/list")
            #expect(server.waitUntil(Self.waiting("alice")))
            let scrape = try MetricsTests.scrape(server)
            #expect(scrape[#"swarmline_tickets{status="new",priority="P2"}"#] == 1)
        }
        #expect(alice.reply().last == "OK 1 ticket")
    }

    @Test func aBadFilter_IsRefusedAtOnce_WithoutWaitingForTheCounter() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        try Self.whileCounterHeld(server) {
            #expect(alice.status("/list owner:").hasPrefix("ERR usage"))
            #expect(alice.status("/list color:red").hasPrefix("ERR usage"))
            #expect(alice.status("/ping") == "OK pong")
        }
    }
}
