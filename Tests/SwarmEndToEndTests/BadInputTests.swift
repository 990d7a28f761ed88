// Every kind of bad input gets its one-line error, and the connection still answers /ping.
import Testing
@testable import SwarmServer

@Suite struct BadInputTests {
    static func stillAnswers(_ c: TestClient) -> Bool { c.command("/ping alive") == ["OK pong alive"] }

    @Test func overlongLine_GetsOneError_ConnectionStaysUsable() throws {
        let server = try TestServer { $0.maxLine = 256 }
        let c = try server.agent("alice")
        c.sendRaw(Array(repeating: UInt8(ascii: "z"), count: 10_000) + [0x0A])
        #expect(c.reply() == ["ERR line-too-long a line is at most 256 bytes; it was discarded"])
        #expect(Self.stillAnswers(c))
    }

    @Test func unknownCommand_SaysHowToFindTheRightOne() throws {
        let server = try TestServer()
        let c = try server.agent("alice")
        #expect(c.status("/frobnicate #3") == "ERR unknown-command /frobnicate is not a command; type /help for the list")
        #expect(c.status("!nosuch") == "ERR unknown-command !nosuch is not a command; type !help for the bot's commands")
        #expect(Self.stillAnswers(c))
    }

    @Test func binaryJunk_GetsBadEncoding_AndNothingIsRelayed() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        _ = alice.command("/open P3 Junk test")
        _ = bob.command("/join #1")
        alice.sendRaw([0xC3, 0x28, 0xFE, 0x80, 0x41, 0x0A])
        #expect(alice.reply() == ["ERR bad-encoding the line is not valid UTF-8; nothing of it was used"])
        alice.sendRaw([0x61, 0x00, 0x62, 0x0A])
        #expect(alice.reply() == ["ERR bad-input the line contains a NUL byte; nothing of it was used"])
        #expect(Self.stillAnswers(alice))
        _ = alice.command("/say #1 after junk")
        let seen = bob.readUntil { $0.hasSuffix("alice: after junk") } ?? []
        #expect(seen.count == 1 + seen.filter { !$0.contains("alice:") }.count)  // the only comment bob saw
        let stored = server.handle.inspect { (try? $0.board.ticket(TicketID(1)))?.comments.count }
        #expect(stored == 1)
    }

    @Test func telnetNegotiation_IsRefused_AndCommandsStillWork() throws {
        let server = try TestServer()
        let c = try TestClient(port: server.port)
        _ = c.nextLine()
        // What a telnet client sends first: DO SUPPRESS-GO-AHEAD, WILL TERMINAL-TYPE, WILL NAWS.
        c.sendRaw([255, 253, 3, 255, 251, 24, 255, 251, 31] + Array("/hello tina\r\0".utf8))
        var raw: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, !String(decoding: raw, as: UTF8.self).contains("OK hello tina") {
            var buf = [UInt8](repeating: 0, count: 4096)
            let n = Glibc.read(c.fd, &buf, buf.count)
            if n <= 0 { break }
            raw += buf[0..<n]
        }
        #expect(raw.starts(with: [255, 252, 3, 255, 254, 24, 255, 254, 31]))
        #expect(String(decoding: raw, as: UTF8.self).contains("OK hello tina\r\n"))
    }

    @Test func escapeSequences_NeverReachAnotherTerminal() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        _ = alice.command("/open P2 \u{1B}]0;pwned\u{07}Title with OSC")
        _ = bob.command("/join 1")
        alice.sendRaw(Array("look \u{1B}[2J\u{1B}[31mred\u{9B}1m \u{202E}evil\u{08}\u{7F} done\r\n".utf8))
        let lines = bob.readUntil { $0.contains("done") } ?? []
        let comment = try #require(lines.last)
        #expect(comment.hasSuffix("alice: look [2J[31mred1m evil done"))
        for l in bob.received { #expect(!l.unicodeScalars.contains { InputText.isUnsafe($0) }) }
        let show = bob.command("/show 1")
        #expect(show.first == "  #1 P2 new: ]0;pwnedTitle with OSC")
        #expect(Self.stillAnswers(alice))
    }

    @Test func httpRequest_GetsOneLine_AndIsClosed() throws {
        let server = try TestServer()
        let c = try TestClient(port: server.port)
        _ = c.nextLine()
        c.sendRaw(Array("GET / HTTP/1.1\r\nHost: localhost:7420\r\n\r\n".utf8))
        #expect(c.nextLine()?.hasPrefix("ERR not-http this is Swarmline's line-protocol port, not HTTP") == true)
        #expect(c.waitForClose())
    }

    @Test func commentWithoutRoom_SaysHowToJoinOne() throws {
        let server = try TestServer()
        let c = try server.agent("alice")
        c.send("is anyone there?")
        #expect(c.reply().first?.hasPrefix("ERR no-room you are in no room: /join #N") == true)
    }

    @Test func beforeHello_OnlyTheGreetingCommandsWork() throws {
        let server = try TestServer()
        let c = try TestClient(port: server.port)
        #expect(c.nextLine()?.hasPrefix("* Swarmline") == true)
        #expect(c.status("/open P1 too early") == "ERR hello-first say /hello NAME first")
        #expect(c.status("/tickets") == "ERR hello-first say /hello NAME first")
        #expect(c.status("/ping") == "OK pong")
        #expect(c.command("/help").last?.hasPrefix("OK") == true)
        #expect(c.status("/hello") == "ERR usage NAME is missing; usage: /hello NAME [SECRET]")
        #expect(c.status("/hello bad!") == "ERR bad-name a name is 1–32 letters, digits, '-', '_' or '.'")
        #expect(c.status("/hello swarmbot") == "ERR name-in-use swarmbot is the bot's name")
        #expect(c.status("/hello ok-name") == "OK hello ok-name")
        #expect(c.status("/hello again") == "ERR already-hello you are already ok-name on this connection")
    }

    @Test func nameInUse_IsRefused_UntilItsOwnerLeaves() throws {
        let server = try TestServer()
        let first = try server.agent("sam")
        let second = try TestClient(port: server.port)
        _ = second.nextLine()
        #expect(second.status("/hello sam") == "ERR name-in-use sam is connected already; pick another name")
        #expect(first.status("/quit") == "OK bye")
        #expect(first.waitForClose())
        // The server notices the close on its own schedule: retry until it has, within a deadline.
        var status = ""
        for _ in 0..<100 {
            status = second.status("/hello sam")
            if status == "OK hello sam" { break }
        }
        #expect(status == "OK hello sam")
    }

    /// `Sam` next to `sam` would look like one person in every room: a name that differs from a
    /// known one only in case is refused, online or not, and the known spelling still works.
    @Test func nameDifferingOnlyInCase_IsRefused() throws {
        let server = try TestServer()
        let sam = try server.agent("sam")
        let other = try TestClient(port: server.port)
        _ = other.nextLine()
        #expect(other.status("/hello SAM") == "ERR name-in-use SAM differs from sam only in case; say /hello sam or pick another name")
        #expect(sam.status("/quit") == "OK bye")
        #expect(sam.waitForClose())
        #expect(other.status("/hello Sam").hasPrefix("ERR name-in-use Sam differs from sam only in case"))
        #expect(other.status("/hello sammy") == "OK hello sammy")
        #expect(!server.handle.inspect { $0.board.agents.keys.contains("SAM") || $0.board.agents.keys.contains("Sam") })
    }
}

import Glibc
import SwarmDomain
