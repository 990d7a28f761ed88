// A connection's pending output: events and replies are appended in memory during a loop turn
// and written with one send() per connection at the end of it. Bounded: past `limit` bytes the
// reader is too slow and gets cut off rather than slowing everyone else.
import CLinux
import Glibc

struct OutputQueue {
    private var storage: [UInt8] = []
    private var head = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    var count: Int { storage.count - head }
    var isEmpty: Bool { head == storage.count }
    var isOverLimit: Bool { count > limit }

    mutating func append(_ bytes: [UInt8]) {
        if head == storage.count, head > 0 {
            storage.removeAll(keepingCapacity: storage.capacity <= 65_536)
            head = 0
        }
        storage.append(contentsOf: bytes)
    }

    enum Flush { case done, partial, failed(Int32) }

    /// Sends as much as the socket takes now.
    mutating func flush(to fd: Int32) -> Flush {
        while head < storage.count {
            let n = storage.withUnsafeBytes { buf in
                send(fd, buf.baseAddress! + head, buf.count - head, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                head += n
                continue
            }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            if n < 0 && errno == EINTR { continue }
            return .failed(n < 0 ? errno : EPIPE)
        }
        if head == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= 65_536)
            head = 0
            return .done
        }
        // Keep memory proportional to what is pending, not to what was ever queued.
        if head > 65_536 && head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return .partial
    }
}
