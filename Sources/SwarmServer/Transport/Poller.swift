// epoll, level-triggered: a missed drain costs a wake-up, never a hang. Each registration carries
// a token (a connection id, not the raw fd), so a reused fd number cannot receive stale events.
import CLinux
import Glibc

struct Poller: ~Copyable {
    struct Ready {
        let token: UInt64
        let readable: Bool
        let writable: Bool
        let hangup: Bool
    }

    let fd: Int32
    private var buffer: [clinux_event]

    init() throws(SystemError) {
        fd = clinux_epoll_create()
        guard fd >= 0 else { throw SystemError("epoll_create1") }
        buffer = Array(repeating: clinux_event(events: 0, data: 0), count: 512)
    }

    deinit { close(fd) }

    func add(_ fd: Int32, token: UInt64, writable: Bool = false) throws(SystemError) {
        let events = CLINUX_EPOLLIN | CLINUX_EPOLLRDHUP | (writable ? CLINUX_EPOLLOUT : 0)
        guard clinux_epoll_ctl(self.fd, EPOLL_CTL_ADD, fd, events, token) == 0 else { throw SystemError("epoll_ctl add") }
    }

    /// Reading can be paused (rate limits, shutdown) without losing the registration.
    func modify(_ fd: Int32, token: UInt64, readable: Bool, writable: Bool) {
        let events = (readable ? CLINUX_EPOLLIN | CLINUX_EPOLLRDHUP : 0) | (writable ? CLINUX_EPOLLOUT : 0)
        _ = clinux_epoll_ctl(self.fd, EPOLL_CTL_MOD, fd, events, token)
    }

    func remove(_ fd: Int32) {
        _ = clinux_epoll_ctl(self.fd, EPOLL_CTL_DEL, fd, 0, 0)
    }

    /// Waits up to `timeoutMs` (−1: forever) and returns how many events are ready (EINTR: 0).
    /// Read them with `ready(_:)`: handlers may touch the poller while the batch is processed.
    mutating func wait(timeoutMs: Int32) -> Int {
        let n = buffer.withUnsafeMutableBufferPointer { clinux_epoll_wait(fd, $0.baseAddress, 512, timeoutMs) }
        return max(0, Int(n))
    }

    func ready(_ i: Int) -> Ready {
        let e = buffer[i]
        return Ready(token: e.data,
                     readable: e.events & (CLINUX_EPOLLIN | CLINUX_EPOLLRDHUP) != 0,
                     writable: e.events & CLINUX_EPOLLOUT != 0,
                     hangup: e.events & (CLINUX_EPOLLHUP | CLINUX_EPOLLERR) != 0)
    }
}
