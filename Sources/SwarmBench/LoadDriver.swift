// The load generator's engine, built like swarmload: one thread, one level-triggered epoll set,
// non-blocking sockets, received lines scanned as bytes (no String per line), and at most one
// send() per connection per turn however many lines were queued for it. Scenarios drive it in
// phases: connect (/hello, then /join), then hold, fan-out (LoadDriver+Fanout.swift) or
// request/response (LoadDriver+Requests.swift).
import CLinux
import Glibc

final class LoadDriver {
    enum Phase { case connecting, holding, fanout, requests }

    let setup: DriverSetup
    let count: Int
    let conns: UnsafeMutablePointer<AgentConnection>
    private let ep: Int32
    private let events: UnsafeMutablePointer<clinux_event>
    private let readBuffer: UnsafeMutablePointer<UInt8>
    private static let readSize = 1 << 18
    private var address = sockaddr_in()
    private var dirty: [Int32] = []
    var now: UInt64 = 0
    var phase = Phase.connecting

    private var nextToOpen = 0
    private var pending = 0
    private(set) var readyCount = 0
    private(set) var failedCount = 0
    /// Ready members per room index, fixed when the connect phase ends.
    var roomMembers: [Int]
    /// `/say #T ` per room index, stored flat: room r is sayBytes[sayStart[r]..<sayStart[r+1]].
    let sayBytes: [UInt8]
    let sayStart: [Int]

    var disconnects = 0
    var serverErrors = 0
    var diagnostic: String?
    var fan = FanoutState()
    var req = RequestState()

    init(_ setup: DriverSetup) throws(BenchError) {
        self.setup = setup
        count = setup.agents
        conns = .allocate(capacity: max(count, 1))
        conns.initialize(repeating: AgentConnection(), count: max(count, 1))
        events = .allocate(capacity: 1024)
        readBuffer = .allocate(capacity: LoadDriver.readSize)
        ep = clinux_epoll_create()
        let rooms = max(setup.roomTickets.count, 1)
        roomMembers = Array(repeating: 0, count: rooms)
        var bytes: [UInt8] = []
        var starts: [Int] = []
        for t in setup.roomTickets {
            starts.append(bytes.count)
            bytes += Array("/say #\(t) ".utf8)
        }
        starts.append(bytes.count)
        sayBytes = bytes
        sayStart = starts
        for i in 0..<count { conns[i].room = Int32(i % rooms) }
        guard ep >= 0 else { throw BenchError("epoll_create1 failed (errno \(errno))") }
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(setup.port).bigEndian)
        guard inet_pton(AF_INET, setup.host, &address.sin_addr) == 1 else {
            throw BenchError("--host must be an IPv4 address, got \(setup.host)")
        }
    }

    deinit {
        closeAll()
        for i in 0..<max(count, 1) {
            conns[i].out.free()
            conns[i].partial.free()
        }
        conns.deinitialize(count: max(count, 1))
        conns.deallocate()
        events.deallocate()
        readBuffer.deallocate()
        fan.release()
        close(ep)
    }

    // MARK: connecting

    /// Connects every agent, says /hello and /join, and waits until each is acknowledged.
    func connectAll() -> ConnectOutcome {
        phase = .connecting
        let t0 = Clock.nanos()
        now = t0
        let deadline = t0 + UInt64(setup.connectTimeout * 1e9)
        while readyCount + failedCount < count && now < deadline {
            while pending < setup.connectParallel && nextToOpen < count { open(nextToOpen) }
            turn(timeoutNanos: 5_000_000)
            flushDirty()
        }
        let seconds = Clock.seconds(t0, now)
        if readyCount + failedCount < count, diagnostic == nil {
            diagnostic = "connect timeout: \(readyCount) of \(count) ready after \(Int(setup.connectTimeout)) s"
        }
        for i in 0..<count where conns[i].state == .ready { roomMembers[Int(conns[i].room)] += 1 }
        return ConnectOutcome(ready: readyCount, failed: count - readyCount, seconds: seconds, diagnostic: diagnostic)
    }

    private func open(_ i: Int) {
        nextToOpen += 1
        pending += 1
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return fail(i, "socket: \(String(cString: strerror(errno)))") }
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        conns[i].fd = fd
        conns[i].state = .connecting
        let r = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if r < 0 && errno != EINPROGRESS { return fail(i, "connect: \(String(cString: strerror(errno)))") }
        _ = clinux_epoll_ctl(ep, EPOLL_CTL_ADD, fd, CLINUX_EPOLLIN | CLINUX_EPOLLOUT, UInt64(i))
    }

    private func connected(_ i: Int) {
        var err: Int32 = 0
        var len = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(conns[i].fd, SOL_SOCKET, SO_ERROR, &err, &len)
        guard err == 0 else { return fail(i, "connect: \(String(cString: strerror(err)))") }
        _ = clinux_epoll_ctl(ep, EPOLL_CTL_MOD, conns[i].fd, CLINUX_EPOLLIN, UInt64(i))
        conns[i].state = .login
        append(i, "/hello \(setup.nickPrefix)\(i)\n")
    }

    private func loggedIn(_ i: Int) {
        guard !setup.roomTickets.isEmpty else { return becomeReady(i) }
        conns[i].state = .join
        append(i, "/join #\(setup.roomTickets[Int(conns[i].room)])\n")
    }

    private func becomeReady(_ i: Int) {
        conns[i].state = .ready
        pending -= 1
        readyCount += 1
    }

    private func fail(_ i: Int, _ why: String) {
        if diagnostic == nil { diagnostic = "agent \(i): \(why)" }
        closeConnection(i, counted: false)
    }

    // MARK: the loop

    /// One turn: waits up to `timeoutNanos` for sockets, reads and handles what is ready.
    /// Output produced meanwhile waits for `flushDirty()`: one send per connection.
    func turn(timeoutNanos: Int64) {
        let n = Int(clinux_epoll_wait_ns(ep, events, 1024, timeoutNanos))
        now = Clock.nanos()
        let hangup = CLINUX_EPOLLHUP | CLINUX_EPOLLERR
        for k in 0..<max(n, 0) {
            let e = events[k]
            let i = Int(e.data)
            switch conns[i].state {
            case .idle, .closed: continue
            case .connecting:
                if e.events & (CLINUX_EPOLLOUT | hangup) != 0 { connected(i) }
                continue
            default: break
            }
            if e.events & (CLINUX_EPOLLIN | hangup) != 0 {
                readFrom(i)
                if conns[i].state == .closed { continue }
            }
            if e.events & CLINUX_EPOLLOUT != 0 { flush(i) }
        }
    }

    @inline(__always)
    func markDirty(_ i: Int) {
        if conns[i].dirty { return }
        conns[i].dirty = true
        dirty.append(Int32(i))
    }

    func append(_ i: Int, _ text: String) {
        var t = text
        t.withUTF8 { conns[i].out.append($0) }
        markDirty(i)
    }

    func flushDirty() {
        for k in 0..<dirty.count {
            let i = Int(dirty[k])
            conns[i].dirty = false
            switch conns[i].state {
            case .closed, .connecting, .idle: continue
            default: if !conns[i].wantsWrite { flush(i) }
            }
        }
        dirty.removeAll(keepingCapacity: true)
    }

    private func flush(_ i: Int) {
        while !conns[i].out.isEmpty {
            let w = send(conns[i].fd, conns[i].out.base! + conns[i].out.start, conns[i].out.count, Int32(MSG_NOSIGNAL))
            if w > 0 { conns[i].out.consume(w); continue }
            if w < 0 && errno == EINTR { continue }
            if w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                if !conns[i].wantsWrite {
                    conns[i].wantsWrite = true
                    _ = clinux_epoll_ctl(ep, EPOLL_CTL_MOD, conns[i].fd, CLINUX_EPOLLIN | CLINUX_EPOLLOUT, UInt64(i))
                }
                return
            }
            return lost(i, "send: \(String(cString: strerror(errno)))")
        }
        if conns[i].wantsWrite {
            conns[i].wantsWrite = false
            _ = clinux_epoll_ctl(ep, EPOLL_CTL_MOD, conns[i].fd, CLINUX_EPOLLIN, UInt64(i))
        }
    }

    private func readFrom(_ i: Int) {
        let have = conns[i].partial.count
        if have > 0 { memcpy(readBuffer, conns[i].partial.base! + conns[i].partial.start, have) }
        let r = read(conns[i].fd, readBuffer + have, LoadDriver.readSize - have)
        if r == 0 { return lost(i, "the server closed the connection") }
        if r < 0 {
            if errno == EAGAIN || errno == EINTR { return }
            return lost(i, "read: \(String(cString: strerror(errno)))")
        }
        conns[i].partial.clear()
        now = Clock.nanos()
        let end = UnsafePointer(readBuffer + have + r)
        var p = UnsafePointer(readBuffer)
        while p < end {
            guard let nl = memchrPointer(p, 0x0A, end - p) else { break }
            var lineEnd = nl
            if lineEnd > p && lineEnd[-1] == 0x0D { lineEnd -= 1 }
            handleLine(i, p, lineEnd)
            if conns[i].state == .closed { return }
            p = nl + 1
        }
        let rest = end - p
        // A line longer than half the read buffer is not one of ours: drop it.
        if rest > 0 && rest < LoadDriver.readSize / 2 { conns[i].partial.append(p, rest) }
    }

    @inline(__always)
    private func handleLine(_ i: Int, _ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) {
        let n = end - p
        let ok = n >= 2 && p[0] == UInt8(ascii: "O") && p[1] == UInt8(ascii: "K")
        let err = !ok && n >= 3 && p[0] == UInt8(ascii: "E") && p[1] == UInt8(ascii: "R") && p[2] == UInt8(ascii: "R")
        switch conns[i].state {
        case .login:
            if ok { loggedIn(i) } else if err { fail(i, "/hello refused: " + text(p, n)) }
        case .join:
            if ok { becomeReady(i) } else if err { fail(i, "/join refused: " + text(p, n)) }
        case .ready:
            if err {
                serverErrors += 1
                if diagnostic == nil { diagnostic = "agent \(i): " + text(p, n) }
                return
            }
            switch phase {
            case .fanout:
                if n > 0 && p[0] == UInt8(ascii: "[") {
                    if let s = Payload.find(p + 1, end) { delivered(to: i, s) }
                } else if ok {
                    fan.acks += 1
                }
            case .requests:
                if ok, let s = Payload.find(p + 2, end) { replied(to: i, s) }
            default:
                break
            }
        default:
            break
        }
    }

    private func text(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p, count: min(n, 200)), as: UTF8.self)
    }

    // MARK: closing

    /// The server closed a connection, or a write failed.
    private func lost(_ i: Int, _ why: String) {
        if conns[i].state == .ready {
            disconnects += 1
            if diagnostic == nil { diagnostic = "agent \(i): \(why)" }
            closeConnection(i, counted: true)
        } else {
            fail(i, why)
        }
    }

    private func closeConnection(_ i: Int, counted: Bool) {
        let wasPending = conns[i].state != .ready && conns[i].state != .closed
        if conns[i].fd >= 0 {
            _ = clinux_epoll_ctl(ep, EPOLL_CTL_DEL, conns[i].fd, 0, 0)
            close(conns[i].fd)
        }
        conns[i].fd = -1
        conns[i].state = .closed
        if wasPending {
            pending -= 1
            failedCount += 1
        }
    }

    /// Closes every connection with a reset (no TIME_WAIT left behind for the next run).
    func closeAll() {
        var reset = linger(l_onoff: 1, l_linger: 0)
        for i in 0..<count where conns[i].fd >= 0 {
            setsockopt(conns[i].fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
            close(conns[i].fd)
            conns[i].fd = -1
            conns[i].state = .closed
        }
    }

    /// Keeps every connection open and read for `seconds` (the idle scenario's hold).
    func hold(seconds: Double) {
        phase = .holding
        let until = Clock.nanos() + UInt64(seconds * 1e9)
        now = Clock.nanos()
        while now < until {
            turn(timeoutNanos: Int64(min(until - now, 50_000_000)))
            flushDirty()
        }
    }
}
