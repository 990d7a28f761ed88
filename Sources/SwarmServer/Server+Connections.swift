// Accepting, reading, writing and closing connections.
import CLinux
import Glibc
import SwarmDomain

extension Server {
    static let readChunk = 65_536

    func acceptClients() {
        // A bounded batch per turn keeps one burst of connects from starving everyone else.
        for _ in 0..<256 {
            guard let (fd, peer) = listener.accept() else {
                if errno == EMFILE || errno == ENFILE { shedOneClient() }
                return
            }
            if let refusal = admissionRefusal(peer: peer) {
                refuse(fd, peer: peer, refusal)
                continue
            }
            let s = Session(id: nextSessionID, fd: fd, peer: peer, maxLine: config.maxLine,
                            maxQueue: config.maxQueue, at: now)
            nextSessionID += 1
            metrics.accepted += 1
            do {
                try poller.add(fd, token: s.id)
            } catch {
                close(fd)
                log.warn("cannot watch connection", ["peer": peer, "error": error])
                continue
            }
            s.lineTokens = lineBurst
            // Until /hello says otherwise; the runner refuses everything but pre-hello commands anyway.
            if accounts != nil { s.role = .observer }
            sessions[s.id] = s
            connectionsByIP[peer, default: 0] += 1
            log.debug("connected", ["conn": s.id, "peer": peer])
            let start = accounts == nil ? "/hello NAME to start (open mode: any free name)"
                : "/hello NAME SECRET to start (accounts required)"
            send(notice: "Swarmline \(Config.version): swarm on support tickets. Type /help for commands, \(start).", to: s)
        }
    }

    /// Out of descriptors: a level-triggered listener would spin, so accept and drop one client
    /// using a spare fd kept for exactly this (libuv's trick).
    private func shedOneClient() {
        guard spareFD >= 0 else { return }
        close(spareFD)
        let fd = clinux_accept4(listener.fd, nil, nil)
        if fd >= 0 {
            let msg = Array("ERR busy the server is out of file descriptors; try again later\r\n".utf8)
            _ = msg.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(fd)
        }
        spareFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
        metrics.refused["busy", default: 0] += 1
        log.warn("out of file descriptors: refused a connection")
    }

    /// Reads one chunk into the session's pending lines, then handles as many as its line rate
    /// allows (Server+Limits.swift).
    func readFrom(_ s: Session) {
        guard s.isOpen, !s.sawEOF else { return }
        let before = s.pendingInput.count
        withUnsafeTemporaryAllocation(byteCount: Server.readChunk, alignment: 16) { buf in
            let n = read(s.fd, buf.baseAddress, Server.readChunk)
            if n > 0 {
                s.framer.feed(UnsafeRawBufferPointer(rebasing: buf[0..<n]), into: &s.pendingInput)
            } else if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                s.sawEOF = true
            }
        }
        if s.pendingInput.count > before { s.lastInputAt = now }
        processInput(s)
    }

    /// One framed line (or framing outcome), handled now.
    func handle(_ kind: FramedInput.Kind, _ bytes: UnsafeBufferPointer<UInt8>, from s: Session) {
        switch kind {
        case .line: handle(line: bytes, from: s)
        case .tooLong:
            reply(Reply(error: SwarmError("line-too-long", "a line is at most \(config.maxLine) bytes; it was discarded")), command: nil, id: nil, to: s)
        case .telnetReply: enqueue(Array(bytes), to: s)
        }
    }

    func enqueue(_ bytes: [UInt8], to s: Session) { enqueue(bytes, to: s, ifLost: nil) }

    /// THE output chokepoint: output made while journal records are pending waits for them.
    func enqueue(_ bytes: [UInt8], to s: Session, ifLost: [UInt8]?) {
        if case .closing = s.state { return }
        if hold(bytes, to: s, ifLost: ifLost) { return }
        if !bytes.isEmpty { enqueueNow(bytes, to: s) }
    }

    func enqueueNow(_ bytes: [UInt8], to s: Session) {
        guard admits(bytes.count, to: s) else { return }
        s.output.append(bytes)
        markDirty(s)
    }

    /// `enqueueNow` for output rendered straight into the queue; `size` is what `render` adds.
    func enqueueNow<T>(_ value: borrowing T, size: Int, to s: Session, _ render: (borrowing T, inout [UInt8]) -> Void) {
        guard admits(size, to: s) else { return }
        s.output.appendRendered(value, render)
        markDirty(s)
    }

    /// Whether `size` more bytes may be queued for `s` (not when it is closing).
    func admits(_ size: Int, to s: Session) -> Bool {
        if case .closing = s.state { return false }
        return fitsQueue(size, s)
    }

    /// The queue's cap: a reader that would go over it is cut off. Checked before appending, so
    /// a queue never holds more than the cap, even for a moment. (The barrier calls this alone:
    /// its caller has checked for closing, and matching the state again cost ~50 instructions a
    /// delivery.)
    @inline(__always)
    func fitsQueue(_ size: Int, _ s: Session) -> Bool {
        if s.output.count + size > s.output.limit {
            markClosing(s, reason: "slow reader: over \(config.maxQueue) bytes queued")
            return false
        }
        return true
    }

    /// Puts `s` on the list flushed at the end of the turn.
    func markDirty(_ s: Session) {
        if !s.inDirtyList {
            s.inDirtyList = true
            dirty.append(s)
        }
    }

    func flushDirty() {
        let batch = dirty
        dirty.removeAll(keepingCapacity: true)
        for s in batch {
            s.inDirtyList = false
            flush(s)
        }
    }

    func flush(_ s: Session) {
        if case .closing = s.state { return }
        switch s.output.flush(to: s.fd) {
        case .done:
            if s.wantsWrite {
                s.wantsWrite = false
                poller.modify(s.fd, token: s.id, readable: s.isOpen && !s.readingPaused, writable: false)
            }
            if case .closingAfterFlush(let reason) = s.state, !s.output.hasHeld { markClosing(s, reason: reason) }
        case .partial:
            if !s.wantsWrite {
                s.wantsWrite = true
                poller.modify(s.fd, token: s.id, readable: s.isOpen && !s.readingPaused, writable: true)
            }
        case .failed(let e):
            markClosing(s, reason: "write failed: \(String(cString: strerror(e)))")
        }
    }

    func markClosing(_ s: Session, reason: String) {
        if case .closing = s.state { return }
        s.state = .closing(reason)
        closing.append(s)
    }

    /// Sends what is queued, then closes: the flush at the end of the turn does the closing.
    func closeAfterFlush(_ s: Session, reason: String) {
        guard s.isOpen else { return }
        s.state = .closingAfterFlush(reason)
        markDirty(s)
    }

    /// Closes what this turn marked.
    func reap() {
        guard !closing.isEmpty else { return }
        let batch = closing
        closing.removeAll()
        for s in batch {
            if case .closing(let reason) = s.state { closeNow(s, reason: reason) }
        }
    }

    func closeNow(_ s: Session, reason: String?) {
        guard sessions.removeValue(forKey: s.id) != nil else { return }
        if let n = connectionsByIP[s.peer], n > 1 { connectionsByIP[s.peer] = n - 1 } else { connectionsByIP[s.peer] = nil }
        s.pendingInput = FramedInput()
        s.heldReply = nil
        // Logged before the close, so whoever sees the EOF can already read why.
        log.info("disconnected", ["conn": s.id, "agent": s.agent ?? "-", "peer": s.peer, "reason": reason ?? "closed"])
        metrics.disconnects[Metrics.disconnectKind(reason), default: 0] += 1
        poller.remove(s.fd)
        close(s.fd)
        if let agent = s.agent, sessionsByAgent[agent] === s {
            sessionsByAgent[agent] = nil
            agentLeft(agent)
        }
    }
}
