// A real TCP client for end-to-end tests: blocking socket, reads with generous deadlines,
// never sleeps for luck. Waits are on conditions ("a line containing X arrives").
import Foundation
import Glibc
import SwarmDomain
import SwarmServer
import SwarmTestSupport

final class TestClient {
    let fd: Int32
    private var pending: [UInt8] = []
    /// Every line received so far, in order (without CRLF).
    private(set) var received: [String] = []
    /// Every byte received so far, exactly as it came off the socket.
    private(set) var rawBytes: [UInt8] = []
    private var cursor = 0

    init(port: Int, host: String = "127.0.0.1") throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &sa.sin_addr)
        let r = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard r == 0 else { throw SystemError("connect") }
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { Glibc.close(fd) }

    func close() { shutdown(fd, Int32(SHUT_RDWR)) }

    func sendRaw(_ bytes: [UInt8]) {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + off, $0.count - off, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            off += n
        }
    }

    func send(_ line: String) { sendRaw(Array((line + "\n").utf8)) }

    /// Reads what is available within `timeout` seconds; false on EOF or timeout with nothing.
    @discardableResult
    func pump(timeout: Double) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, Int32(timeout * 1000)) > 0 else { return false }
        var buf = [UInt8](repeating: 0, count: 65_536)
        let n = read(fd, &buf, buf.count)
        guard n > 0 else { return false }
        rawBytes.append(contentsOf: buf[0..<n])
        pending.append(contentsOf: buf[0..<n])
        while let nl = pending.firstIndex(of: 0x0A) {
            var line = Array(pending[..<nl])
            if line.last == 0x0D { line.removeLast() }
            received.append(String(decoding: line, as: UTF8.self))
            pending.removeFirst(nl + 1)
        }
        return true
    }

    /// The next unread line, waiting up to `timeout` seconds for it.
    func nextLine(timeout: Double = 10) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while cursor >= received.count {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 || !pump(timeout: left) { if cursor >= received.count { return nil } }
        }
        defer { cursor += 1 }
        return received[cursor]
    }

    /// Reads lines until one satisfies `match`; returns all lines read up to and including it.
    func readUntil(timeout: Double = 10, _ match: (String) -> Bool) -> [String]? {
        var lines: [String] = []
        while let line = nextLine(timeout: timeout) {
            lines.append(line)
            if match(line) { return lines }
        }
        return nil
    }

    /// Sends a command and returns its reply: data lines plus the final OK/ERR status line.
    /// Events that arrive meanwhile are skipped but stay in `received`.
    func command(_ line: String, timeout: Double = 10) -> [String] {
        send(line)
        return reply(timeout: timeout)
    }

    /// Reads the next reply: its data lines (two-space indented) and its status line.
    func reply(timeout: Double = 10) -> [String] {
        var lines: [String] = []
        while let l = nextLine(timeout: timeout) {
            if l.hasPrefix("  ") { lines.append(l); continue }
            if l.hasPrefix("OK") || l.hasPrefix("ERR") { lines.append(l); return lines }
        }
        return lines + ["<timeout>"]
    }

    /// Status line of the reply to `line`.
    func status(_ line: String) -> String { command(line).last ?? "<none>" }

    /// True once the server has closed the connection (EOF) within `timeout`.
    func waitForClose(timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000))) > 0 else { return false }
            var buf = [UInt8](repeating: 0, count: 65_536)
            let n = read(fd, &buf, buf.count)
            if n <= 0 { return true }
            pending.append(contentsOf: buf[0..<n])
        }
        return false
    }

    /// Everything received but not yet read by nextLine.
    func unread() -> [String] { Array(received[cursor...]) }
    /// Marks everything received so far as read.
    func skipReceived() { pump(timeout: 0); cursor = received.count }
}

/// An in-process server on port 0 with a manual clock; stopped on deinit. A data folder it made
/// itself is removed then too, unless `keepData` is set; one a test chose is the test's.
final class TestServer {
    let handle: ServerHandle
    let clock: ManualClock
    let dataDir: String
    var keepData = false
    var port: Int { handle.port }

    init(configure: (inout Config) -> Void = { _ in }) throws {
        clock = ManualClock()
        var c = Config()
        c.port = 0
        c.clock = clock
        c.log = Log(level: .error, clock: clock, sink: { _ in })
        // Limits that count real connections or depend on the clock are off unless a test turns
        // them on: tests advance the ManualClock by hours and open hundreds of connections.
        c.lineRate = 0
        c.helloTimeout = Span(millis: 0)
        c.idleTimeout = Span(millis: 0)
        c.maxConnections = 0
        c.maxPerIP = 0
        let ownFolder = Scratch.path("server")
        c.dataDir = ownFolder
        // No starter FAQ unless a test asks for it: swarmbot's suggestions would otherwise
        // add lines to every test that opens a ticket.
        c.faqSeedPath = nil
        configure(&c)
        dataDir = c.dataDir
        keepData = c.dataDir != ownFolder
        handle = try ServerHandle.start(c)
    }

    deinit {
        handle.stop()
        if !keepData { try? FileManager.default.removeItem(atPath: dataDir) }
    }

    /// A client that has said /hello NAME and read the greeting and reply.
    func agent(_ name: String) throws -> TestClient {
        let c = try TestClient(port: port)
        _ = c.nextLine()  // greeting
        let r = c.command("/hello \(name)")
        guard r.last?.hasPrefix("OK") == true else { throw SystemError("hello \(name): \(r)", errno: 0) }
        return c
    }
}
