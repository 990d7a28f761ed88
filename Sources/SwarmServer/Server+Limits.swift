// Limits that keep one client from hurting the others: connection caps, /hello and idle
// timeouts, the line rate (IRC-style fake lag), comment length and rooms per agent.
// Every refusal is one clear line to the client; every disconnect is logged with its reason.
import CLinux
import Glibc
import SwarmDomain

extension Server {
    struct Refusal {
        let code: String
        let message: String
        let reason: String
    }

    /// Whether a new connection from `peer` is over --max-connections or --max-per-ip.
    func admissionRefusal(peer: String) -> Refusal? {
        if config.maxConnections > 0 && sessions.count >= config.maxConnections {
            return Refusal(code: "server-full", message: "the server has its maximum of \(config.maxConnections) connections; try again later",
                           reason: "max-connections \(config.maxConnections) reached")
        }
        if config.maxPerIP > 0 && connectionsByIP[peer, default: 0] >= config.maxPerIP {
            return Refusal(code: "too-many-connections", message: "\(config.maxPerIP) connections from your address already; close one first",
                           reason: "max-per-ip \(config.maxPerIP) reached")
        }
        return nil
    }

    /// One line, then close: the connection never becomes a session.
    func refuse(_ fd: Int32, peer: String, _ r: Refusal) {
        log.info("refused connection", ["peer": peer, "reason": r.reason])
        metrics.refused[r.code, default: 0] += 1
        let line = Array("ERR \(r.code) \(r.message)\r\n".utf8)
        _ = line.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(fd)
    }

    /// Lines a connection may send at once before fake lag starts.
    var lineBurst: Double { Double(max(1, config.lineRate * 2)) }

    /// Takes the token for one line, or says how long until there is one (token bucket).
    func takeLineToken(_ s: Session) -> Span? {
        guard config.lineRate > 0 else { return nil }
        let elapsed = Double(max(0, (now - s.tokensAt).millis))
        s.lineTokens = min(lineBurst, s.lineTokens + elapsed * Double(config.lineRate) / 1000)
        s.tokensAt = now
        if s.lineTokens >= 1 {
            s.lineTokens -= 1
            return nil
        }
        let wait = ((1 - s.lineTokens) * 1000 / Double(config.lineRate)).rounded(.up)
        return Span(millis: max(1, Int64(wait)))
    }

    /// Handles a connection's pending lines in order until it must wait, then reads it again
    /// only if nothing waits. A fast sender's lines are delayed, never dropped: while they
    /// wait the fd is out of the read set, so TCP's window pushes back on the sender and the
    /// server holds at most one read's worth of its input.
    func processInput(_ s: Session) {
        while s.isOpen && s.pendingHead < s.pendingInput.count {
            releaseIfDue(s)
            if s.pausedUntil != nil { break }
            if let wait = takeLineToken(s) {
                s.pausedUntil = now + wait
                break
            }
            let i = s.pendingHead
            s.pendingHead += 1
            s.pendingInput.withItem(i) { kind, bytes in handle(kind, bytes, from: s) }
        }
        if s.pendingHead == s.pendingInput.count {
            s.pendingInput.removeAll()
            s.pendingHead = 0
        }
        if s.sawEOF && s.pendingInput.isEmpty && s.isOpen && s.pausedUntil == nil {
            closeAfterFlush(s, reason: "client closed")
        }
        updateInterest(s)
    }

    /// Ends a pause that is over, sending a reply held for it.
    func releaseIfDue(_ s: Session) {
        guard let until = s.pausedUntil, now >= until else { return }
        s.pausedUntil = nil
        if let held = s.heldReply {
            s.heldReply = nil
            enqueue(held, to: s)
        }
    }

    /// Reads a connection only while it is open and not paused.
    func updateInterest(_ s: Session) {
        let wantRead = s.isOpen && s.pausedUntil == nil
        guard wantRead == s.readingPaused else { return }
        s.readingPaused = !wantRead
        poller.modify(s.fd, token: s.id, readable: wantRead, writable: s.wantsWrite)
    }

    /// Cron's share: resume paused connections, close silent ones.
    func cronLimits() {
        for s in sessions.values where s.isOpen {
            if s.pausedUntil.map({ now >= $0 }) == true {
                releaseIfDue(s)
                processInput(s)
            }
            guard s.isOpen else { continue }
            if s.agent == nil, config.helloTimeout.millis > 0, !(now - s.connectedAt < config.helloTimeout) {
                reply(Reply(error: SwarmError("hello-timeout", "no /hello within \(config.helloTimeout); closing")), command: nil, id: nil, to: s)
                closeAfterFlush(s, reason: "no /hello within \(config.helloTimeout)")
            } else if s.agent != nil, config.idleTimeout.millis > 0, !(now - s.lastInputAt < config.idleTimeout) {
                send(notice: "nothing received for \(config.idleTimeout): closing (idle timeout)", to: s)
                closeAfterFlush(s, reason: "idle for \(config.idleTimeout)")
            }
        }
    }

    /// Limits on what a mutation may carry, checked at the commit chokepoint so every command
    /// that posts a comment is covered.
    func checkLimits(_ m: Mutation) throws(SwarmError) {
        // Counting characters walks grapheme clusters; a text with no more bytes than the limit
        // cannot have more characters, so most comments never pay for it.
        if case .comment(_, let text) = m, text.utf8.count > config.maxComment, text.count > config.maxComment {
            throw SwarmError("too-long", "a comment is at most \(config.maxComment) characters; this one has \(text.count)")
        }
    }

    /// --max-rooms: call before joining `ticket` (nil: a room that does not exist yet).
    func checkRoomLimit(_ agent: String, joining ticket: TicketID?) throws(SwarmError) {
        if let ticket, presence.isMember(agent, of: ticket) { return }
        let count = presence.rooms(of: agent).count
        if count >= config.maxRooms {
            throw SwarmError("too-many-rooms", "you are in \(count) room\(count == 1 ? "" : "s"), the most allowed; /leave one first")
        }
    }
}
