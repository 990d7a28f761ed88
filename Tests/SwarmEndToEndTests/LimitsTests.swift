// The limit flags: each refusal is one clear line, each disconnect is logged with its reason.
import Glibc
import Testing
import SwarmDomain
@testable import SwarmServer

@Suite struct LimitsTests {
    @Test func overMaxConnections_OneLineThenClosed() throws {
        let log = LogCapture()
        let server = try TestServer { c in
            c.maxConnections = 3
            c.log = Log(level: .info, clock: c.clock, sink: { log.append($0) })
        }
        let kept = try (0..<3).map { try server.agent("a\($0)") }
        let extra = try TestClient(port: server.port)
        #expect(extra.nextLine() == "ERR server-full the server has its maximum of 3 connections; try again later")
        #expect(extra.waitForClose())
        #expect(log.all.contains { $0.contains("refused connection") && $0.contains("max-connections 3 reached") })
        #expect(kept[0].status("/quit") == "OK bye")
        #expect(kept[0].waitForClose())
        let deadline = ContinuousClock.now + .seconds(10)
        while server.handle.inspect({ $0.sessions.count }) > 2 && ContinuousClock.now < deadline {}
        #expect(try server.agent("again").status("/ping") == "OK pong")
    }

    @Test func overMaxPerIP_IsRefused() throws {
        let server = try TestServer { $0.maxPerIP = 2 }
        let a = try server.agent("a"), b = try server.agent("b")
        let third = try TestClient(port: server.port)
        #expect(third.nextLine() == "ERR too-many-connections 2 connections from your address already; close one first")
        #expect(third.waitForClose())
        #expect(a.status("/ping") == "OK pong" && b.status("/ping") == "OK pong")
        #expect(server.handle.inspect { $0.connectionsByIP["127.0.0.1"] } == 2)
    }

    @Test func noHelloWithinTheTimeout_Closes_ButAgentsStay() throws {
        let log = LogCapture()
        let server = try TestServer { c in
            c.helloTimeout = .seconds(60)
            c.log = Log(level: .info, clock: c.clock, sink: { log.append($0) })
        }
        let agent = try server.agent("alice")
        let silent = try TestClient(port: server.port)
        _ = silent.nextLine()
        server.clock.advance(.seconds(61))
        #expect(silent.nextLine() == "ERR hello-timeout no /hello within 1m; closing")
        #expect(silent.waitForClose())
        #expect(agent.status("/ping") == "OK pong")
        #expect(log.all.contains { $0.contains("msg=disconnected") && $0.contains("reason=\"no /hello within 1m\"") })
    }

    @Test func idleAgent_IsClosed_ActiveOneStays() throws {
        let server = try TestServer { $0.idleTimeout = .minutes(5) }
        let idle = try server.agent("idle")
        let busy = try server.agent("busy")
        server.clock.advance(.minutes(3))
        #expect(busy.status("/ping") == "OK pong")
        server.clock.advance(.minutes(3))
        #expect(idle.readUntil { $0.hasPrefix("*") }?.last == "* nothing received for 5m: closing (idle timeout)")
        #expect(idle.waitForClose())
        #expect(busy.status("/ping") == "OK pong")
    }

    @Test func lineRate_DelaysAFastSender_LosesNothing_OthersUnaffected() throws {
        let server = try TestServer { $0.lineRate = 10 }  // burst 20
        let fast = try server.agent("fast")
        let other = try server.agent("other")
        server.clock.advance(.seconds(10))  // refill the bucket after the /hello
        fast.sendRaw(Array((1...50).map { "/ping \($0)\n" }.joined().utf8))
        #expect(fast.readUntil { $0 == "OK pong 20" } != nil)
        // The loop is not stalled: another client is answered while fast's lines wait.
        #expect(other.status("/ping free") == "OK pong free")
        #expect(fast.unread().isEmpty && !fast.pump(timeout: 0.2))
        #expect(server.handle.inspect { $0.sessionsByAgent["fast"]?.readingPaused } == true)
        server.clock.advance(.seconds(1))
        #expect(fast.readUntil { $0 == "OK pong 30" } != nil)
        server.clock.advance(.seconds(3))
        #expect(fast.readUntil { $0 == "OK pong 50" } != nil)
        let pongs = fast.received.filter { $0.hasPrefix("OK pong ") }.compactMap { Int($0.dropFirst(8)) }
        #expect(pongs == Array(1...50))
    }

    @Test func lineRate_SenderThatHangsUpAfterAPaste_StillGetsEveryLineHandled() throws {
        let server = try TestServer { $0.lineRate = 10 }  // burst 20
        let paster = try server.agent("paster")
        let watcher = try server.agent("watcher")
        _ = paster.command("/open P3 Paste")
        #expect(watcher.status("/join #1").hasPrefix("OK joined"))
        server.clock.advance(.seconds(10))
        // Like `printf '…' | nc`: 60 comments, then the write side closes.
        paster.sendRaw(Array((1...60).map { "pasted \($0)\n" }.joined().utf8))
        shutdown(paster.fd, Int32(SHUT_WR))
        #expect(watcher.readUntil { $0.hasSuffix("paster: pasted 20") } != nil)
        var seen: [String]?
        for _ in 0..<20 where seen == nil {
            server.clock.advance(.seconds(1))
            seen = watcher.readUntil(timeout: 0.5) { $0.hasSuffix("paster: pasted 60") }
        }
        #expect(seen != nil)
        #expect(watcher.received.filter { $0.contains("paster: pasted ") }.count == 60)
        #expect(paster.waitForClose())
    }

    @Test func longComment_IsRefused_AtTheLimit_IsAccepted() throws {
        let server = try TestServer { $0.maxComment = 100 }
        let a = try server.agent("alice")
        _ = a.command("/open P3 Long text")
        #expect(a.status("/say #1 " + String(repeating: "x", count: 101)) == "ERR too-long a comment is at most 100 characters; this one has 101")
        a.send(String(repeating: "y", count: 101))
        #expect(a.nextLine()?.hasPrefix("ERR too-long") == true)
        #expect(a.status("/say #1 " + String(repeating: "x", count: 100)).hasPrefix("OK ^1"))
    }

    @Test func maxRooms_RefusesAnotherRoom_UntilOneIsLeft() throws {
        let server = try TestServer { $0.maxRooms = 2 }
        let a = try server.agent("alice")
        let b = try server.agent("bob")
        for t in ["one", "two", "three"] {
            #expect(b.status("/open P4 \(t)").hasPrefix("OK opened"))
            #expect(b.status("/leave").hasPrefix("OK left"))
        }
        #expect(a.status("/join #1").hasPrefix("OK joined"))
        #expect(a.status("/join #2").hasPrefix("OK joined"))
        #expect(a.status("/join #3") == "ERR too-many-rooms you are in 2 rooms, the most allowed; /leave one first")
        #expect(a.status("/open P4 four") == "ERR too-many-rooms you are in 2 rooms, the most allowed; /leave one first")
        #expect(a.status("/join #2").hasPrefix("OK already in"))
        #expect(a.status("/leave #1").hasPrefix("OK left #1"))
        #expect(a.status("/join #3").hasPrefix("OK joined"))
    }

    @Test func aReplyBiggerThanMaxQueue_IsOneLineError_AndTheConnectionStays() throws {
        let cap = 16_384
        let server = try TestServer {
            $0.maxQueue = cap
            $0.maxRooms = 1_000
        }
        let alice = try server.agent("alice")
        #expect(alice.status("/open P1 Hot incident") == "OK opened #1")
        let text = String(repeating: "status update from the field ", count: 8)
        for i in 1...100 { alice.send("/say #1 \(i) \(text)") }
        #expect(alice.readUntil { $0.hasPrefix("OK ^100 ") } != nil)
        for i in 2...300 { alice.send("/open P2 ticket \(i) with a title long enough to fill a line") }
        #expect(alice.readUntil { $0 == "OK opened #300" } != nil)

        // Beside the loop (/export, a page of 1,000) and on it (/history), in text and JSON.
        for line in ["/export #1", "/list limit:1000", "/history #1 100"] {
            let reply = alice.command(line)
            #expect(reply.count == 1, "\(line): \(reply.count) lines")
            #expect(reply.first?.hasPrefix("ERR too-big the reply is ") == true, "\(line)")
            #expect(reply.first?.contains("bytes, more than --max-queue (\(cap))") == true)
            #expect(alice.status("/ping still here") == "OK pong still here")
        }
        // Less of the same is answered.
        #expect(alice.status("/export #1 ^1..^10").hasPrefix("OK exported #1"))
        #expect(alice.status("/list") == "OK 300 tickets, showing 1-50")
        #expect(alice.status("/history #1 20").hasPrefix("OK 20 of 100 comments"))

        alice.send("/format json")
        _ = alice.nextLine()
        alice.send(#"{"id": 7, "line": "/export #1"}"#)
        let refused = try JSONModeTests.object(alice.readUntil { $0.contains("\"id\":7") }?.last)
        #expect(refused["ok"] as? Bool == false && refused["code"] as? String == "too-big")
        alice.send(#"{"id": 8, "line": "/ping"}"#)
        #expect(try JSONModeTests.object(alice.nextLine())["id"] as? Int == 8)
        #expect(server.handle.inspect { $0.metrics.errors["too-big"] } == 4)
    }
}
