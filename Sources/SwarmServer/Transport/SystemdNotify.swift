// systemd's readiness protocol without libsystemd: one unix datagram (`READY=1`, `STOPPING=1`)
// to the socket named by $NOTIFY_SOCKET. A name starting with '@' is in the abstract namespace
// (the '@' becomes a NUL byte). The socket is non-blocking: if systemd's queue is full we log
// and go on rather than stall the loop; systemd then times the start out, which is visible.
import CLinux
import Glibc

public enum SystemdNotify {
    /// Sends `message`; false (and a warning) when the socket is unusable.
    @discardableResult
    public static func send(_ message: String, to socketName: String, log: Log) -> Bool {
        let result = deliver(Array(message.utf8), to: socketName)
        if let error = result {
            log.warn("cannot notify systemd", ["socket": socketName, "message": message, "error": error])
            return false
        }
        log.debug("notified systemd", ["message": message])
        return true
    }

    /// nil on success, else why not.
    static func deliver(_ bytes: [UInt8], to name: String) -> String? {
        var path = Array(name.utf8)
        guard path.count > 1, path[0] == UInt8(ascii: "/") || path[0] == UInt8(ascii: "@") else {
            return "NOTIFY_SOCKET must be an absolute path or start with @"
        }
        var sa = sockaddr_un()
        let capacity = MemoryLayout.size(ofValue: sa.sun_path)
        guard path.count < capacity else { return "socket name longer than \(capacity - 1) bytes" }
        if path[0] == UInt8(ascii: "@") { path[0] = 0 }
        sa.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &sa.sun_path) { raw in
            for (i, b) in path.enumerated() { raw[i] = b }
        }
        // An abstract name's length counts exactly its bytes; a path's includes its NUL.
        let length = MemoryLayout<sa_family_t>.size + path.count + (path[0] == 0 ? 0 : 1)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        let sent = bytes.withUnsafeBytes { buf in
            withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, buf.baseAddress, buf.count, 0, $0, socklen_t(length)) } }
        }
        return sent == bytes.count ? nil : String(cString: strerror(errno))
    }
}
