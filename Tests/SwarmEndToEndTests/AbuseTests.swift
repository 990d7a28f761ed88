// Hostile or broken clients against a live server: fuzzed lines, a reader that never reads,
// and a slowloris crowd. The server stays up, bounded, and prompt for everyone else.
import Foundation
import Testing
import SwarmDomain
@testable import SwarmServer
import SwarmTestSupport

@Suite struct AbuseTests {
    static let seeds = ["/hello x", "/open P1 Printer jams", "/join #1", "/join 2", "/leave", "/room #1", "/say #1 hi there",
                        "/who", "/history #1 3", "/tickets all", "/show #1", "/agents", "/help", "/help say", "/ping x",
                        "!help", "!faq vpn", "a comment", "{\"id\": 2, \"line\": \"/ping\"}", "/claim #1", "/close #1 done"]
    static let escapes: [[UInt8]] = [[0x1B, 0x5B, 0x33, 0x31, 0x6D], [0x1B, 0x5D, 0x30, 0x3B, 0x07], [0xC2, 0x9B], [0xE2, 0x80, 0xAE],
                                     [0x00], [0x09], [0x7F], [0xC0, 0x80], [0xF0, 0x9F, 0x98, 0x80], [0x20, 0x20]]

    /// A random or mutated line without LF, CR or telnet IAC (those change framing, which the
    /// unit-level fuzz covers); length well under --max-line.
    static func line(_ r: inout SeededRNG) -> [UInt8] {
        var b: [UInt8]
        if r.below(4) == 0 {
            b = (0..<r.below(60)).map { _ in UInt8(truncatingIfNeeded: r.next()) }
        } else {
            b = Array(seeds[r.below(seeds.count)].utf8)
            for _ in 0..<r.below(4) {
                let at = r.below(b.count + 1)
                switch r.below(4) {
                case 0: b.insert(UInt8(truncatingIfNeeded: r.next()), at: at)
                case 1: if at < b.count { b.remove(at: at) }
                case 2: b.insert(contentsOf: escapes[r.below(escapes.count)], at: at)
                default: if at < b.count { b[at] ^= UInt8(1 << r.below(8)) }
                }
            }
        }
        return b.map { $0 == 0x0A || $0 == 0x0D || $0 == 0xFF ? 0x78 : $0 }
    }

    /// How many status lines the server owes for `bytes`: one for every line that is not empty
    /// once cleaned. nil: a line this test does not send (/quit and /format change the connection).
    static func expectedReplies(_ bytes: [UInt8], commandsOnly: Bool) -> Int? {
        switch InputText.decode(bytes) {
        case .failure: return commandsOnly ? nil : 1
        case .success(let text):
            let line = text.trimmingSpaces
            guard let first = line.first else { return 0 }
            if first == "/" || first == "!" {
                let name = line.dropFirst().prefix(while: { $0 != " " }).lowercased()
                return ["quit", "format"].contains(name) ? nil : 1
            }
            return commandsOnly ? nil : 1
        }
    }

    /// 53,405 fuzzed lines over live connections, fewer than the 100,000 of the unit-level fuzz
    /// (ParserFuzzTests) to keep this under ~5 s: an observer sends all of its 40,000 (every
    /// non-empty line is answered, comments with ERR forbidden); a lead sends the 13,405
    /// commands among its 30,000. Each line is owed exactly one status line, checked per batch.
    @Test func fuzzedLinesOverTheWire_EachGetExactlyOneStatus_ServerStillAnswers() throws {
        let (server, _) = try TestServer.withAccounts { $0.maxRooms = 100_000 }
        let watcher = try server.login("watcher", "obs pass")
        let boss = try server.login("boss", "lead pass")
        var rng = SeededRNG(state: 0x5EED_0606)
        var sent = (watcher: 0, boss: 0)
        for (client, commandsOnly, count) in [(watcher, false, 40_000), (boss, true, 30_000)] {
            var owed = 0
            var batch: [UInt8] = []
            var statuses = 0
            for i in 1...count {
                let l = Self.line(&rng)
                guard let n = Self.expectedReplies(l, commandsOnly: commandsOnly) else { continue }
                owed += n
                batch += l + [0x0A]
                if commandsOnly { sent.boss += 1 } else { sent.watcher += 1 }
                if i % 500 == 0 || i == count {
                    client.sendRaw(batch)
                    batch = []
                    while statuses < owed, let reply = client.nextLine(timeout: 10) {
                        if reply.hasPrefix("OK") || reply.hasPrefix("ERR") { statuses += 1 }
                    }
                    #expect(statuses == owed)
                }
            }
            #expect(client.status("/ping still-here") == "OK pong still-here")
            // Nothing beyond the owed replies arrived (a duplicate would show up here).
            #expect(client.unread().filter { $0.hasPrefix("OK") || $0.hasPrefix("ERR") }.isEmpty)
        }
        #expect(sent.watcher == 40_000, "\(sent.watcher)")
        #expect(sent.boss > 12_000, "\(sent.boss)")
        print("live fuzz: watcher \(sent.watcher) lines, boss \(sent.boss) lines")
        #expect(server.handle.inspect { $0.sessions.count } == 2)
    }

    /// One member never reads while 50,000 comments flow: it is cut off at --max-queue and its
    /// queue never holds more than the cap; the member who reads gets every comment.
    @Test func slowReader_IsCutOffAtTheCap_OthersGetEveryComment() throws {
        let cap = 256 * 1024
        let log = LogCapture()
        let server = try TestServer { c in
            c.maxQueue = cap
            c.log = Log(level: .info, clock: c.clock, sink: { log.append($0) })
        }
        let talker = try server.agent("talker")
        let reader = try server.agent("reader")
        let slow = try server.agent("slow")
        #expect(talker.status("/open P1 Outage") == "OK opened #1")
        #expect(reader.status("/join #1").hasPrefix("OK joined"))
        #expect(slow.status("/join #1").hasPrefix("OK joined"))
        let padding = String(repeating: "p", count: 120)
        var maxQueued = 0
        var received = 0
        var lastSeen = 0
        for batch in 0..<50 {
            let lines = (1...1000).map { "m\(batch * 1000 + $0) \(padding)\n" }.joined()
            talker.sendRaw(Array(lines.utf8))
            // Read this batch on the reading member while sampling the slow one's queue.
            while received < (batch + 1) * 1000, let l = reader.nextLine(timeout: 10) {
                guard l.contains("talker: m") else { continue }
                received += 1
                if let n = Int(l.split(separator: " ").first { $0.hasPrefix("m") }?.dropFirst() ?? "") , n == lastSeen + 1 { lastSeen = n }
            }
            let queued = server.handle.inspect { $0.sessionsByAgent["slow"]?.output.count ?? 0 }
            maxQueued = max(maxQueued, queued)
        }
        #expect(received == 50_000)
        #expect(lastSeen == 50_000)  // every comment, in order
        #expect(maxQueued <= cap)
        #expect(server.handle.inspect { $0.sessionsByAgent["slow"] == nil })
        #expect(log.all.contains { $0.contains("agent=slow") && $0.contains("slow reader: over \(cap) bytes queued") })
        #expect(talker.status("/ping") == "OK pong")
    }

    /// 1,000 connections each send half a line and stall; a real agent is still served at once,
    /// and the hello timeout clears the crowd.
    @Test func slowlorisCrowd_DoesNotDelayARealAgent() throws {
        let server = try TestServer { $0.helloTimeout = .seconds(60) }
        var crowd: [TestClient] = []
        for i in 0..<1000 {
            let c = try TestClient(port: server.port)
            c.sendRaw(Array("/hello loris\(i) wi".utf8))
            crowd.append(c)
        }
        let start = ContinuousClock.now
        let agent = try server.agent("real")
        #expect(agent.status("/open P1 Still working?") == "OK opened #1")
        #expect(agent.status("/ping") == "OK pong")
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(2), "served in \(elapsed)")
        print("slowloris: real agent served in \(elapsed)")
        #expect(server.handle.inspect { $0.sessions.count } == 1001)
        server.clock.advance(.seconds(61))
        let deadline = ContinuousClock.now + .seconds(15)
        while server.handle.inspect({ $0.sessions.count }) > 1 && ContinuousClock.now < deadline {
            _ = agent.pump(timeout: 0.05)
        }
        #expect(server.handle.inspect { $0.sessions.count } == 1)
        #expect(crowd[0].nextLine()?.hasPrefix("* Swarmline") == true)
        #expect(crowd[0].nextLine() == "ERR hello-timeout no /hello within 1m; closing")
        #expect(agent.status("/ping") == "OK pong")
    }
}
