// The metrics port on a real server: fetched with a real HTTP client (curl, else Python), the
// numbers follow what clients do, /healthz tracks shutdown, and bad HTTP clients cannot hurt
// the loop.
import Foundation
import Glibc
import Testing
import SwarmDomain
@testable import SwarmServer

@Suite struct MetricsTests {
    static func server(_ more: (inout Config) -> Void = { _ in }) throws -> TestServer {
        try TestServer { c in
            c.metricsPort = 0
            more(&c)
        }
    }

    static func scrape(_ server: TestServer) throws -> Scrape {
        let r = try HTTPFetch.get("http://127.0.0.1:\(server.handle.metricsPort!)/metrics")
        #expect(r.status == 200)
        return Scrape(r.body)
    }

    @Test func metrics_FollowRealActivity() throws {
        let server = try Self.server()
        let before = try Self.scrape(server)
        #expect(before["swarmline_comments_total"] == 0 && before["swarmline_connections"] == 0)

        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        #expect(alice.status("/open P1 Core switch down") == "OK opened #1")
        for text in ["port 12 flapping", "replaced the SFP", "watching it"] { alice.send(text) }
        #expect(alice.status("/show #99").hasPrefix("ERR no-such-ticket"))
        #expect(alice.status("/ping") == "OK pong")
        _ = bob.status("/quit")
        #expect(bob.waitForClose())
        #expect(server.waitUntil { $0.sessions.count == 1 })

        let m = try Self.scrape(server)
        #expect(m["swarmline_comments_total"] == 3)
        #expect(m["swarmline_connections"] == 1)
        #expect(m["swarmline_agents_online"] == 1)
        #expect(m["swarmline_connections_accepted_total"] == 2)
        #expect(m[#"swarmline_commands_total{command="/hello"}"#] == 2)
        #expect(m[#"swarmline_commands_total{command="/open"}"#] == 1)
        #expect(m[#"swarmline_commands_total{command="/quit"}"#] == 1)
        #expect(m[#"swarmline_command_errors_total{code="no-such-ticket"}"#] == 1)
        #expect(m[#"swarmline_disconnects_total{reason="quit"}"#] == 1)
        #expect(m[#"swarmline_tickets{status="new",priority="P1"}"#] == 1)
        #expect(m[#"swarmline_tickets{status="new",priority="P2"}"#] == 0)
        // Every commit was fsynced by the journal thread and measured there.
        #expect((m["swarmline_journal_fsync_seconds_count"] ?? 0) >= 1)
        #expect(m[#"swarmline_journal_fsync_seconds_bucket{le="+Inf"}"#] == m["swarmline_journal_fsync_seconds_count"])
        #expect(m["swarmline_journal_durable_seq"] == m["swarmline_journal_seq"])
        #expect(m["swarmline_log_lines_dropped_total"] != nil)
        #expect((m["process_resident_memory_bytes"] ?? 0) > 1_000_000)
        #expect((m["process_open_fds"] ?? 0) > 3)

        // P1's first response is due in 15 minutes and only others' words count.
        server.clock.advance(.minutes(16))
        let late = try Self.scrape(server)
        #expect(late[#"swarmline_sla_breaches{clock="first_response"}"#] == 1)
        #expect(late[#"swarmline_sla_breaching_open{clock="first_response"}"#] == 1)
        let carol = try server.agent("carol")
        _ = carol.status("/join #1")
        carol.send("on my way")
        #expect(server.waitUntil { $0.board.nextCommentID == 5 })
        let answered = try Self.scrape(server)
        #expect(answered[#"swarmline_sla_breaches{clock="first_response"}"#] == 1, "late stays breached")
        #expect(answered[#"swarmline_sla_breaching_open{clock="first_response"}"#] == 0)
        #expect(answered["swarmline_comments_total"] == 4)
    }

    @Test func aSlowLoopTurn_ShowsInTheTurnHistogram() throws {
        let server = try Self.server()
        func slow(_ m: Scrape) -> Double? {
            guard let all = m["swarmline_loop_turn_seconds_count"], let fast = m[#"swarmline_loop_turn_seconds_bucket{le="0.025"}"#] else { return nil }
            return all - fast
        }
        let before = try Self.scrape(server)
        // A turn of at least 30 ms: the loop runs this between two epoll waits.
        _ = server.handle.inspect { _ in usleep(30_000) }
        let after = try Self.scrape(server)
        #expect((after["swarmline_loop_turn_seconds_count"] ?? 0) > (before["swarmline_loop_turn_seconds_count"] ?? .infinity))
        #expect((slow(after) ?? 0) >= (slow(before) ?? .infinity) + 1)
        #expect((after["swarmline_loop_turn_seconds_sum"] ?? 0) >= 0.03)
        #expect((after["swarmline_loop_turn_longest_seconds"] ?? 0) >= 0.03)
    }

    @Test func snapshotMetrics_AppearOnceASnapshotIsWritten() throws {
        let server = try Self.server()
        let alice = try server.agent("alice")
        _ = alice.status("/open P3 Printer jam")
        let m0 = try Self.scrape(server)
        #expect(m0["swarmline_snapshots_total"] == 0 && m0["swarmline_snapshot_age_seconds"] == nil)
        #expect((m0["swarmline_snapshot_behind_records"] ?? 0) >= 2)
        server.handle.inspect { $0.requestSnapshot() }
        #expect(server.waitUntil { $0.metrics.snapshots == 1 })
        server.clock.advance(.seconds(42))
        let m = try Self.scrape(server)
        #expect(m["swarmline_snapshots_total"] == 1)
        #expect(m["swarmline_snapshot_behind_records"] == 0)
        #expect(m["swarmline_snapshot_age_seconds"] == 42)
        #expect((m["swarmline_snapshot_duration_seconds"] ?? -1) >= 0 && (m["swarmline_snapshot_bytes"] ?? 0) > 100)
    }

    /// Every line is a HELP, a TYPE or a sample of a declared family; label values are quoted.
    @Test func exposition_IsWellFormed() throws {
        let server = try Self.server()
        let alice = try server.agent("alice")
        _ = alice.status("/open P2 VPN \"quoted\" title")
        let text = try Self.scrape(server).text
        #expect(text.hasSuffix("\n"))
        var declared: [String: String] = [:]
        var helped: Set<String> = []
        let sample = try NSRegularExpression(pattern: #"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$"#)
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("# HELP ") {
                let name = String(line.dropFirst(7).prefix { $0 != " " })
                #expect(helped.insert(name).inserted, "HELP twice for \(name)")
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                #expect(parts.count == 4 && ["counter", "gauge", "histogram"].contains(parts[3]))
                #expect(helped.contains(String(parts[2])), "TYPE before HELP for \(parts[2])")
                declared[String(parts[2])] = String(parts[3])
            } else {
                let m = try #require(sample.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)), "bad line: \(line)")
                let name = String(line[Range(m.range(at: 1), in: line)!])
                let family = declared[name] != nil ? name
                    : name.replacingOccurrences(of: #"_(bucket|sum|count)$"#, with: "", options: .regularExpression)
                #expect(declared[family] != nil, "sample \(name) without # TYPE")
                if declared[family] == "counter" { #expect(name.hasSuffix("_total"), "counter \(name) should end in _total") }
            }
        }
        #expect(declared.count >= 20)
    }

    @Test func healthz_IsOK_Then503WhileStopping() throws {
        let files = SwitchableFileLayer()
        let server = try Self.server { $0.files = files }
        let port = server.handle.metricsPort!
        let ok = try HTTPFetch.get("http://127.0.0.1:\(port)/healthz")
        #expect(ok.status == 200 && ok.body == "ok\n")
        #expect(try HTTPFetch.get("http://127.0.0.1:\(port)/nope").status == 404)

        // A reply held behind a blocked fsync keeps the server in its stopping phase.
        let alice = try server.agent("alice")
        files.gated.withLock { $0 = true }
        alice.send("/open P4 Mouse battery")
        #expect(waitFor { files.syncsWaiting.withLock { $0 } == 1 })
        server.handle.inspect { $0.beginShutdown(reason: "test") }
        let stopping = try HTTPFetch.get("http://127.0.0.1:\(port)/healthz")
        #expect(stopping.status == 503 && stopping.body == "stopping\n")
        files.gated.withLock { $0 = false }
        files.gate.signal()
        #expect(alice.readUntil { $0.hasPrefix("OK opened #1") } != nil)
        #expect(alice.waitForClose())
        server.handle.wait()
    }

    /// Starts a scrape with the counting thread held, runs `body` while it waits, then lets the
    /// count go on (also when `body` throws: a suspended queue must be resumed).
    static func whileCounting(_ server: TestServer, _ body: (TestClient) throws -> Void) throws -> TestClient {
        let counter = server.handle.inspect { $0.boardCounter }
        counter.suspend()
        defer { counter.resume() }
        let scrape = try TestClient(port: server.handle.metricsPort!)
        scrape.sendRaw(Array("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(server.waitUntil { $0.httpExchanges.values.contains { $0.phase == .counting } })
        try body(scrape)
        return scrape
    }

    @Test func aScrape_IsCountedOffTheLoop_OnTheBoardAsItWasWhenAsked() throws {
        let server = try Self.server()
        let alice = try server.agent("alice")
        _ = alice.command("/open P2 Printer jam")
        // The scrape waits for the counting thread; the loop does not.
        let scrape = try Self.whileCounting(server) { scrape in
            #expect(alice.status("/ping while counting") == "OK pong while counting")
            #expect(alice.status("/open P2 Second printer").hasPrefix("OK opened #2"))
            #expect(scrape.unread().isEmpty)
        }
        // Counted on the board as it was when asked: one ticket, not two.
        let key = #"swarmline_tickets{status="new",priority="P2"}"#
        #expect(scrape.readUntil { $0.hasPrefix(key) }?.last == key + " 1")
        #expect(try Self.scrape(server)[key] == 2)
    }

    @Test func aScraperHangingUpWhileCounted_IsClosed_AndTheNextScrapeWorks() throws {
        let server = try Self.server()
        _ = try Self.whileCounting(server) { scrape in
            scrape.close()
            #expect(server.waitUntil { $0.httpExchanges.isEmpty })
        }
        #expect(try Self.scrape(server)["swarmline_connections"] == 0)
    }

    @Test func slowAndBadHTTPClients_CannotHurtTheLoop() throws {
        let server = try Self.server()
        let port = server.handle.metricsPort!
        let alice = try server.agent("alice")

        // Slowloris: half a request line, then silence, on every slot there is.
        let slow = try (0..<HTTPExchange.maxOpen).map { _ in try TestClient(port: port) }
        for s in slow { s.sendRaw(Array("GET /metr".utf8)) }
        #expect(server.waitUntil { $0.httpExchanges.count == HTTPExchange.maxOpen })
        // One more is closed at once; the line port does not notice any of it.
        let extra = try TestClient(port: port)
        #expect(extra.waitForClose())
        #expect(alice.status("/ping still here") == "OK pong still here")
        // Their time runs out on the server's clock, not the test's.
        server.clock.advance(.seconds(6))
        for s in slow { #expect(s.waitForClose()) }
        #expect(server.waitUntil { $0.httpExchanges.isEmpty })
        let m = try MetricsTests.scrape(server)
        #expect(m[#"swarmline_http_responses_total{code="timeout"}"#] == Double(HTTPExchange.maxOpen))
        #expect(m[#"swarmline_http_responses_total{code="dropped"}"#] == 1)

        // A head over 8 KiB without its blank line gets 431; garbage gets 400; POST 405.
        let big = try TestClient(port: port)
        big.sendRaw(Array("GET /metrics HTTP/1.1\r\nX-Junk: ".utf8) + [UInt8](repeating: 0x61, count: 9000))
        #expect(big.nextLine()?.hasPrefix("HTTP/1.1 431 ") == true)
        #expect(big.waitForClose())
        for (request, status) in [("HELLO\r\n\r\n", "400"), ("POST /metrics HTTP/1.1\r\n\r\n", "405"),
                                  ("GET /healthz HTTP/1.0\n\n", "200"), ("GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", "200")] {
            let c = try TestClient(port: port)
            c.sendRaw(Array(request.utf8))
            #expect(c.nextLine()?.hasPrefix("HTTP/1.1 \(status) ") == true, "\(request.debugDescription)")
            #expect(c.waitForClose())
        }
        #expect(alice.status("/ping") == "OK pong")
    }
}
