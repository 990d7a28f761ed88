// Rooms are tickets: before a scenario, one connection opens the tickets it needs
// (`/open P3 …` then `/leave`, to stay under --max-rooms) and reads back their numbers. Done
// before any agent connects, so nobody hears the `ticket.opened` notices.
import CLinux
import Foundation
import Glibc

enum RoomTickets {
    static func open(count: Int, host: String, port: Int, name: String) throws(BenchError) -> [Int] {
        let client = try BlockingClient(host: host, port: port)
        defer { client.close() }
        try client.send("/hello \(name)\n")
        let hello = try client.readUntil { $0.hasPrefix("OK") || $0.hasPrefix("ERR") }
        if let refusal = hello.last, refusal.hasPrefix("ERR") { throw BenchError("/hello \(name): \(refusal)") }
        var tickets: [Int] = []
        let chunk = 200
        while tickets.count < count {
            let n = min(chunk, count - tickets.count)
            var lines = ""
            for k in 0..<n { lines += "/open P3 bench room \(tickets.count + k)\n/leave\n" }
            try client.send(lines)
            var opened = 0
            for line in try client.readUntil({ line in
                if line.hasPrefix("OK opened #") { opened += 1 }
                return opened == n || line.hasPrefix("ERR")
            }) {
                if line.hasPrefix("ERR") { throw BenchError("opening rooms: \(line)") }
                if line.hasPrefix("OK opened #"), let t = Int(line.dropFirst(11).prefix { $0.isNumber }) { tickets.append(t) }
            }
        }
        // A ping answered after every /leave: the server is done with the preparation.
        try client.send("/ping rooms-ready\n")
        _ = try client.readUntil { $0 == "OK pong rooms-ready" }
        return tickets
    }
}

/// A small blocking line client for preparation steps (not for load).
final class BlockingClient {
    private let fd: Int32
    private var pending: [UInt8] = []

    init(host: String, port: Int) throws(BenchError) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &sa.sin_addr)
        let r = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard fd >= 0, r == 0 else { throw BenchError("cannot connect to \(host):\(port): \(String(cString: strerror(errno)))") }
    }

    func close() { Glibc.close(fd) }

    func send(_ text: String) throws(BenchError) {
        let bytes = Array(text.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + off, $0.count - off, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw BenchError("send failed: \(String(cString: strerror(errno)))") }
            off += n
        }
    }

    /// Lines (without CR LF) up to and including the first one `done` accepts; 60 s at most.
    func readUntil(_ done: (String) -> Bool) throws(BenchError) -> [String] {
        var lines: [String] = []
        let deadline = Clock.nanos() + 60_000_000_000
        while true {
            while let nl = pending.firstIndex(of: 0x0A) {
                var line = Array(pending[..<nl])
                if line.last == 0x0D { line.removeLast() }
                pending.removeFirst(nl + 1)
                let s = String(decoding: line, as: UTF8.self)
                lines.append(s)
                if done(s) { return lines }
            }
            guard Clock.nanos() < deadline else { throw BenchError("no answer from the server within 60 s") }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 1000) >= 0 else { throw BenchError("poll failed") }
            if p.revents == 0 { continue }
            var buf = [UInt8](repeating: 0, count: 65_536)
            let n = read(fd, &buf, buf.count)
            guard n > 0 else { throw BenchError("the server closed the preparation connection") }
            pending.append(contentsOf: buf[0..<n])
        }
    }
}
