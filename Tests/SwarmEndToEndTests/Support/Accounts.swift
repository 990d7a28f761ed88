// An accounts file for end-to-end tests: one account per role, SHA-512 hashes from
// `openssl passwd -6 -salt …` (fixed salts so the file is stable).
import Foundation
import Synchronization
import SwarmDomain
@testable import SwarmServer
import SwarmTestSupport

enum TestAccounts {
    static let watcher = ("watcher", "obs pass", "$6$abcdefgh$zbySrXCYBVCj9XpMcWnLSWEnSfxPKsmp2t/y2sm.aclEcz0XKsAP1C6UGj6k2wI1brZlpnkTER3rxveZy7.o.1")
    static let agent = ("agent1", "agent pass", "$6$abcdefgi$Tz6JrX.j6HL9.H4z.JhT8yDJVajOqd88LpJRHaQCKIW38p8xDCcY1vPA.f5H1G5HGeq6Hpqfx0FbysybJ6Lai1")
    static let lead = ("boss", "lead pass", "$6$abcdefgj$fE3jEgRM0rQXYF8TbsqlOYM3Vjg.tUNiT56CjaAw6z6F1bmXGXC9HWKuRO9rUV8X0IRihHFz/K8Oo9COzf6I//")

    static func json(_ entries: [(String, String, String)]) -> String {
        "[" + entries.map { #"{"name": "\#($0.0)", "role": "\#($0.1)", "hash": "\#($0.2)"}"# }.joined(separator: ",\n") + "]"
    }

    static var standard: String {
        json([(watcher.0, "observer", watcher.2), (agent.0, "agent", agent.2), (lead.0, "lead", lead.2)])
    }

    static func write(_ text: String, to path: String? = nil) throws -> String {
        guard let path else { return try Scratch.file("accounts", suffix: ".json", text) }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }
}

/// Log lines a test server wrote, for checking what never appears in them.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

extension TestServer {
    /// A server in accounts mode with `TestAccounts.standard` (or `text`).
    static func withAccounts(_ text: String = TestAccounts.standard, log: LogCapture? = nil,
                             configure: (inout Config) -> Void = { _ in }) throws -> (TestServer, String) {
        let path = try TestAccounts.write(text)
        let server = try TestServer { c in
            c.accountsFile = path
            if let log { c.log = Log(level: .debug, clock: c.clock, sink: { log.append($0) }) }
            configure(&c)
        }
        return (server, path)
    }

    /// A client logged in with NAME SECRET.
    func login(_ name: String, _ secret: String) throws -> TestClient {
        let c = try TestClient(port: port)
        _ = c.nextLine()  // greeting
        let r = c.command("/hello \(name) \(secret)")
        guard r.last?.hasPrefix("OK hello \(name)") == true else { throw SystemError("login \(name): \(r)", errno: 0) }
        return c
    }
}

extension TestClient {
    /// The next line, advancing the server's clock by `step` while none comes: for replies held
    /// back by a delay, whichever of "clock advanced" and "secret checked" happens first.
    func nextLine(advancing server: TestServer, step: Span = .seconds(1), tries: Int = 40) -> String? {
        for _ in 0..<tries {
            if let line = nextLine(timeout: 0.25) { return line }
            server.clock.advance(step)
        }
        return nil
    }
}

extension TestServer {
    /// Waits (generous deadline) until `condition` holds on the loop thread.
    func waitUntil(_ condition: @escaping @Sendable (Server) -> Bool) -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if handle.inspect(condition) { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }
}
