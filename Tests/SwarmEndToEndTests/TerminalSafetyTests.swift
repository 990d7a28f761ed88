// No client can make another client's terminal do anything: whatever bytes one client sends in
// comments, titles, names or JSON requests, the others receive printable text and CRLF only.
import Testing
import SwarmDomain
@testable import SwarmServer

@Suite struct TerminalSafetyTests {
    static let escapes: [String] = [
        "\u{1B}[31mred", "\u{1B}[2J\u{1B}[H", "\u{1B}]0;pwned\u{07}", "\u{1B}]8;;http://evil.example\u{1B}\\link\u{1B}]8;;\u{1B}\\",
        "\u{1B}P1$r\u{1B}\\", "\u{1B}P+q544e\u{1B}\\", "\u{9B}6n", "\u{9D}0;title\u{9C}", "\u{90}q\u{9C}", "\u{1B}c",
        "\u{1B}[?1049h", "\u{1B}[6n", "\u{1B}#8", "\u{1B}(0lqk", "abc\u{08}\u{08}\u{08}xyz", "bell\u{07}", "\u{0E}shift\u{0F}",
        "\u{202E}gnp.exe", "\u{202A}\u{202B}\u{202C}\u{202D}", "\u{2066}\u{2067}\u{2068}\u{2069}", "line\u{2028}sep\u{2029}",
        "tab\there", "del\u{7F}", "\u{85}next-line", "\u{1B}[1;31;42;5;7m" + String(repeating: "\u{1B}[K", count: 20),
    ]

    /// Every scalar is printable (no C0 but CR before LF, no DEL, no C1, no bidi override or
    /// line separator), and the bytes are valid UTF-8.
    static func problems(in bytes: [UInt8]) -> [String] {
        guard let text = String(validating: bytes, as: UTF8.self) else { return ["invalid UTF-8"] }
        var found: [String] = []
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            if s == "\r" { if i + 1 >= scalars.count || scalars[i + 1] != "\n" { found.append("lone CR at \(i)") }; continue }
            if s == "\n" { if i == 0 || scalars[i - 1] != "\r" { found.append("bare LF at \(i)") }; continue }
            if InputText.isUnsafe(s) || s == "\t" { found.append("U+\(String(s.value, radix: 16)) at \(i)") }
        }
        return found
    }

    @Test func everyByteAndEscapeSequence_ReachesOthersAsPrintableTextOnly() throws {
        let server = try TestServer { $0.maxRooms = 10_000 }
        let sender = try server.agent("sender")
        let watcher = try server.agent("watcher")
        let feed = try server.agent("feed")           // not in the room: hears ticket.opened on the board feed
        let jsonWatcher = try server.agent("jsonwatcher")
        #expect(sender.status("/open P2 first") == "OK opened #1")
        #expect(watcher.status("/join #1").hasPrefix("OK joined"))
        #expect(jsonWatcher.status("/join #1").hasPrefix("OK joined"))
        jsonWatcher.send("/format json")

        // 1. Every byte value inside a comment, a /say and a ticket title.
        for b in 0...255 {
            let v = UInt8(b)
            sender.sendRaw(Array("c\(b) ".utf8) + [v] + Array(" end\n".utf8))
            sender.sendRaw(Array("/say #1 s\(b) ".utf8) + [v, v] + Array(" end\n".utf8))
            sender.sendRaw(Array("/open P4 t\(b) ".utf8) + [v] + Array(" end\n".utf8))
            sender.sendRaw(Array("/join #1\n".utf8))  // /open moved the sender to the new room
        }
        // 2. Escape sequences (CSI, OSC, DCS, C1, bidi) in comments, titles, JSON requests, names.
        for e in Self.escapes {
            sender.send("comment \(e) end")
            sender.send("/say #1 faq: \(e) end")
            sender.send("/open P4 title \(e) end")
            sender.send("/join #1")
        }
        _ = sender.command("/format json")
        for e in Self.escapes {
            let escaped = e.unicodeScalars.map { $0.value < 0x20 || $0.value >= 0x7F ? String(format: "\\u%04x", $0.value) : String($0) }.joined()
            sender.send("{\"id\": 1, \"line\": \"/say #1 json \(escaped.replacingOccurrences(of: "\"", with: "\\\"")) end\"}")
        }
        _ = sender.command("{\"line\": \"/format text\"}")
        for e in Self.escapes + ["\u{1B}", "\u{9B}"] {
            let impostor = try TestClient(port: server.port)
            _ = impostor.nextLine()
            // Controls are stripped before the name is checked: what is left is refused or safe.
            let status = impostor.status("/hello ev\(e)il")
            if status.hasPrefix("OK hello ") {
                #expect(AgentName.isValid(status.dropFirst(9)), "\(status)")
            } else {
                #expect(status.hasPrefix("ERR bad-name"), "\(status)")
            }
        }
        // Every byte value inside a name: refused, or what is left is a safe name.
        for b in 0...255 {
            let impostor = try TestClient(port: server.port)
            _ = impostor.nextLine()
            impostor.sendRaw(Array("/hello n".utf8) + [UInt8(b)] + Array("x\n".utf8))
            let status = impostor.reply().last ?? ""
            if status.hasPrefix("OK hello ") {
                #expect(AgentName.isValid(status.dropFirst(9)), "\(b): \(status)")
            } else {
                #expect(["ERR bad-name", "ERR bad-encoding", "ERR bad-input", "ERR name-in-use"].contains { status.hasPrefix($0) }, "\(b): \(status)")
            }
            impostor.close()
        }
        sender.send("/say #1 final-marker")
        #expect(watcher.readUntil(timeout: 20) { $0.hasSuffix("sender: final-marker") } != nil)
        #expect(jsonWatcher.readUntil(timeout: 20) { $0.contains("final-marker") } != nil)
        #expect(feed.status("/ping done") == "OK pong done")

        for (name, client) in [("watcher", watcher), ("feed", feed), ("jsonwatcher", jsonWatcher)] {
            let issues = Self.problems(in: client.rawBytes)
            #expect(issues.isEmpty, "\(name): \(issues.prefix(5))")
        }
        // The text did arrive, minus the controls: ESC gone, the rest printable.
        let lines = watcher.received
        #expect(lines.contains { $0.hasSuffix("sender: c27  end") })
        #expect(lines.contains { $0.hasSuffix("sender: comment [31mred end") })
        #expect(lines.contains { $0.hasSuffix("sender: comment gnp.exe end") })
        #expect(lines.contains { $0.hasSuffix("sender: comment tab here end") })
        #expect(lines.filter { $0.contains("sender: s") && $0.hasSuffix(" end") }.count >= 120)
        #expect(feed.received.contains { $0.contains("opened #") && $0.hasSuffix("title [2J[H end") })
    }
}
