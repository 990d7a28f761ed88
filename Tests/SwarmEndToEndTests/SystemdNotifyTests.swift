// Type=notify without libsystemd: the real binary sends READY=1 once listening and STOPPING=1 at
// shutdown to a unix datagram socket the test owns, named by NOTIFY_SOCKET as a path or as an
// abstract name ('@…').
import Foundation
import Glibc
import Testing
import SwarmTestSupport

/// A unix datagram socket standing in for systemd's notification socket.
final class NotifySocket {
    let fd: Int32
    let name: String
    private let path: String?

    init(abstract: Bool) throws {
        let id = UUID().uuidString.prefix(8)
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var sa = sockaddr_un()
        sa.sun_family = sa_family_t(AF_UNIX)
        var bytes: [UInt8]
        if abstract {
            name = "@swarmline-test-\(id)"
            path = nil
            bytes = [0] + Array(name.utf8.dropFirst())
        } else {
            path = Scratch.root + "/notify-\(id).sock"
            name = path!
            bytes = Array(name.utf8) + [0]
        }
        withUnsafeMutableBytes(of: &sa.sun_path) { raw in for (i, b) in bytes.enumerated() { raw[i] = b } }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let r = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard r == 0 else { throw RealServer.FetchFailure("bind \(name): \(String(cString: strerror(errno)))") }
    }

    deinit {
        close(fd)
        if let path { unlink(path) }
    }

    /// The next datagram, waiting up to 10 s.
    func receive() -> String? {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 10_000) == 1 else { return nil }
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buf, buf.count, 0)
        return n > 0 ? String(decoding: buf[0..<n], as: UTF8.self) : nil
    }
}

@Suite struct SystemdNotifyTests {
    @Test(arguments: [false, true])
    func ready_OnceListening_ThenStopping(abstract: Bool) throws {
        let socket = try NotifySocket(abstract: abstract)
        let server = try RealServer(environment: ["NOTIFY_SOCKET": socket.name])
        let ready = try #require(socket.receive())
        let fields = ready.split(separator: "\n")
        #expect(fields.first == "READY=1")
        #expect(fields.contains("STATUS=listening on 127.0.0.1:\(server.port)"))
        // Ready means ready: the port answers.
        let c = try TestClient(port: server.port)
        #expect(c.nextLine()?.hasPrefix("* Swarmline") == true)
        let (status, log) = server.stop()
        #expect(socket.receive() == "STOPPING=1")
        #expect(status == 0)
        #expect(!log.contains("cannot notify"))
    }

    @Test func unusableNotifySocket_IsLogged_ServerRunsAnyway() throws {
        let server = try RealServer(["--log-level", "debug"], environment: ["NOTIFY_SOCKET": "/nonexistent/notify.sock"])
        let c = try TestClient(port: server.port)
        #expect(c.nextLine()?.hasPrefix("* Swarmline") == true)
        let (status, log) = server.stop()
        #expect(status == 0)
        #expect(log.contains("msg=\"cannot notify systemd\" socket=/nonexistent/notify.sock"))
    }
}
