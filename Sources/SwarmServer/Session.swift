// One client connection: its socket, framing state, output queue and who is speaking on it.
import SwarmDomain

public final class Session {
    public enum Format: String, Sendable { case text, json }

    enum State: Equatable {
        case open
        /// Send what is queued, then close (after /quit, EOF, shutdown).
        case closingAfterFlush(String)
        /// Close at the end of this turn, dropping output (slow reader, socket error).
        case closing(String)
    }

    let id: UInt64
    let fd: Int32
    let peer: String
    var framer: LineFramer
    var output: OutputQueue
    var agent: String?
    var role: Role = .lead
    var format: Format = .text
    var sawFirstLine = false
    var state: State = .open
    var inDirtyList = false
    var wantsWrite = false
    /// Output waiting for journal records to be durable (Server+Durability), in order.
    var held: [HeldOutput] = []
    var inHeldList = false
    let connectedAt: Timestamp
    var lastInputAt: Timestamp

    init(id: UInt64, fd: Int32, peer: String, maxLine: Int, maxQueue: Int, at now: Timestamp) {
        self.id = id
        self.fd = fd
        self.peer = peer
        self.framer = LineFramer(maxLine: maxLine)
        self.output = OutputQueue(limit: maxQueue)
        self.connectedAt = now
        self.lastInputAt = now
    }

    var isOpen: Bool { state == .open }
    /// Who this is in logs and errors.
    var label: String { agent ?? "conn\(id)" }
}
