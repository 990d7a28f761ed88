// The only door into the event loop from another thread: a locked queue of closures plus an
// eventfd that wakes the loop. The journal and snapshot threads answer through it.
import CLinux
import Glibc
import Synchronization

public final class Inbox: Sendable {
    let fd: Int32
    private let queue = Mutex<[@Sendable (Server) -> Void]>([])

    init() throws(SystemError) {
        fd = clinux_eventfd()
        guard fd >= 0 else { throw SystemError("eventfd") }
    }

    deinit { close(fd) }

    /// Runs `work` on the loop thread at its next turn.
    func post(_ work: @escaping @Sendable (Server) -> Void) {
        let wasEmpty = queue.withLock { q in
            q.append(work)
            return q.count == 1
        }
        if wasEmpty {
            var one: UInt64 = 1
            _ = write(fd, &one, 8)
        }
    }

    func drain() -> [@Sendable (Server) -> Void] {
        var counter: UInt64 = 0
        _ = read(fd, &counter, 8)
        return queue.withLock { q in
            let work = q
            q.removeAll()
            return work
        }
    }
}
