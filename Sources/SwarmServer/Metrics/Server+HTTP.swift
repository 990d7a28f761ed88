// The metrics port on the event loop: a second listener in the same epoll set, one
// `HTTPExchange` per connection, GET /metrics and /healthz only.
//
// Why on the loop and not a thread: every number /metrics reports is loop state, so a scrape is
// a read of memory the loop owns. The work is bounded: a head of at most 8 KiB is parsed once it
// is complete; the response (a few KiB) is written without blocking, with EPOLLOUT for the rest;
// every exchange dies after 5 s; at most 16 are open, further ones are closed at once.
import CLinux
import Glibc
import SwarmDomain

extension Server {
    /// Tokens of HTTP exchanges have the top bit set: session ids never get there.
    static let httpTokenBit: UInt64 = 1 << 63

    func acceptHTTP() {
        guard let metricsListener else { return }
        for _ in 0..<64 {
            guard let (fd, peer) = metricsListener.accept() else {
                // Out of descriptors: a level-triggered listener would wake every turn. Metrics
                // can wait; stop watching it for a second (cron resumes it).
                if errno == EMFILE || errno == ENFILE {
                    poller.modify(metricsListener.fd, token: Server.metricsToken, readable: false, writable: false)
                    metricsPausedUntil = now + .seconds(1)
                }
                return
            }
            guard httpExchanges.count < HTTPExchange.maxOpen else {
                metrics.httpResponses["dropped", default: 0] += 1
                close(fd)
                continue
            }
            let x = HTTPExchange(token: Server.httpTokenBit | nextHTTPID, fd: fd, peer: peer, at: now)
            nextHTTPID += 1
            do {
                try poller.add(fd, token: x.token)
            } catch {
                close(fd)
                continue
            }
            httpExchanges[x.token] = x
        }
    }

    func handleHTTP(_ ready: Poller.Ready) {
        guard let x = httpExchanges[ready.token] else { return }
        switch x.phase {
        case .reading: if ready.readable || ready.hangup { readHTTP(x) }
        case .writing: if ready.writable || ready.hangup { writeHTTP(x) }
        case .draining: if ready.readable || ready.hangup { drainHTTP(x) }
        // While counting, anything more is read and dropped, and a hang-up closes it.
        case .counting: if ready.readable || ready.hangup { drainHTTP(x) }
        }
    }

    private func readHTTP(_ x: HTTPExchange) {
        let room = HTTPRequestHead.maxHead + 1 - x.head.count
        var buf = [UInt8](repeating: 0, count: max(1, min(4096, room)))
        let n = read(x.fd, &buf, buf.count)
        if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            closeHTTP(x)
            return
        }
        guard n > 0 else { return }
        x.head += buf[0..<n]
        switch HTTPRequestHead.parse(x.head) {
        case .incomplete: return
        case .tooLarge: respond(x, 431, "Request Header Fields Too Large", "request head over \(HTTPRequestHead.maxHead) bytes\n")
        case .bad: respond(x, 400, "Bad Request", "not an HTTP/1.x request\n")
        case .request(let method, let path):
            if method != "GET" {
                respond(x, 405, "Method Not Allowed", "GET only\n", headers: "Allow: GET\r\n")
            } else if path == "/metrics" {
                countBoard(for: x)
            } else if path == "/healthz" {
                if stopping { respond(x, 503, "Service Unavailable", "stopping\n") } else { respond(x, 200, "OK", "ok\n") }
            } else {
                respond(x, 404, "Not Found", "GET /metrics or /healthz\n")
            }
        }
    }

    /// Counts the board's gauges on a copy, off the loop; `finishMetrics` answers. Cron still
    /// closes the exchange at its deadline.
    private func countBoard(for x: HTTPExchange) {
        x.phase = .counting
        let copy = board, policy = config.policy, at = now, token = x.token, inbox = self.inbox
        boardCounter.async {
            let gauges = BoardGauges(copy, policy: policy, at: at)
            inbox.post { server in server.finishMetrics(token, gauges) }
        }
    }

    func finishMetrics(_ token: UInt64, _ gauges: BoardGauges) {
        guard let x = httpExchanges[token], x.phase == .counting else { return }
        respond(x, 200, "OK", renderMetrics(board: gauges), type: "text/plain; version=0.0.4; charset=utf-8")
    }

    private func respond(_ x: HTTPExchange, _ status: Int, _ reason: String, _ body: String,
                         type: String = "text/plain; charset=utf-8", headers: String = "") {
        metrics.httpResponses[String(status), default: 0] += 1
        x.head = []
        x.response = HTTPExchange.response(status: status, reason: reason, contentType: type, body: body, extraHeaders: headers)
        x.phase = .writing
        poller.modify(x.fd, token: x.token, readable: false, writable: true)
        writeHTTP(x)
    }

    private func writeHTTP(_ x: HTTPExchange) {
        while x.sent < x.response.count {
            let n = x.response.withUnsafeBytes { Glibc.send(x.fd, $0.baseAddress! + x.sent, $0.count - x.sent, Int32(MSG_NOSIGNAL)) }
            if n > 0 { x.sent += n; continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            if n < 0 && errno == EINTR { continue }
            closeHTTP(x)
            return
        }
        x.response = []
        shutdown(x.fd, Int32(SHUT_WR))
        x.phase = .draining
        poller.modify(x.fd, token: x.token, readable: true, writable: false)
    }

    private func drainHTTP(_ x: HTTPExchange) {
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = read(x.fd, &buf, buf.count)
        if n > 0 { x.drained += n }
        if n == 0 || x.drained > HTTPExchange.maxDrain || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            closeHTTP(x)
        }
    }

    func closeHTTP(_ x: HTTPExchange) {
        guard httpExchanges.removeValue(forKey: x.token) != nil else { return }
        poller.remove(x.fd)
        close(x.fd)
    }

    /// From cron: an exchange past its lifetime is closed, whatever it is waiting for.
    func expireHTTP() {
        if let until = metricsPausedUntil, now >= until, let m = metricsListener {
            metricsPausedUntil = nil
            poller.modify(m.fd, token: Server.metricsToken, readable: true, writable: false)
        }
        for x in httpExchanges.values where now >= x.deadline {
            if x.phase == .reading { metrics.httpResponses["timeout", default: 0] += 1 }
            closeHTTP(x)
        }
    }

    /// At exit: the metrics port is the last thing to close, so /healthz says 503 until then.
    func closeMetricsPort() {
        for x in Array(httpExchanges.values) { closeHTTP(x) }
        if let metricsListener {
            poller.remove(metricsListener.fd)
            metricsListener.close()
        }
    }
}
