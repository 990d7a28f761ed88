// One connection to the metrics port: read a bounded request head, write one response, close.
// Loop-confined. A client gets `HTTPExchange.lifetime` for the whole exchange, after which it is
// closed whatever it is doing, so a slow or silent client holds one slot for a few seconds at
// most, and at most `maxOpen` slots exist.
import SwarmDomain

final class HTTPExchange {
    enum Phase {
        /// Collecting the request head.
        case reading
        /// GET /metrics: the board's gauges are being counted off the loop.
        case counting
        /// Writing the response; then the write side is shut down.
        case writing
        /// Response sent and write side shut: read and discard until the client closes, so that
        /// closing never resets a connection whose response is still in flight.
        case draining
    }

    static let lifetime = Span.seconds(5)
    static let maxOpen = 16
    /// Bytes discarded while draining before we stop being polite and close.
    static let maxDrain = 65_536

    let token: UInt64
    let fd: Int32
    let peer: String
    let deadline: Timestamp
    var phase = Phase.reading
    var head: [UInt8] = []
    var response: [UInt8] = []
    var sent = 0
    var drained = 0

    init(token: UInt64, fd: Int32, peer: String, at now: Timestamp) {
        self.token = token
        self.fd = fd
        self.peer = peer
        deadline = now + HTTPExchange.lifetime
    }

    static func response(status: Int, reason: String, contentType: String = "text/plain; charset=utf-8",
                         body: String, extraHeaders: String = "") -> [UInt8] {
        let bodyBytes = Array(body.utf8)
        let head = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\nContent-Length: \(bodyBytes.count)\r\n"
            + extraHeaders + "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + bodyBytes
    }
}
