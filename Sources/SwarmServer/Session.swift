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

    // The loop thread alone touches a Session, and never with overlapping accesses, so the
    // per-delivery fields skip Swift's dynamic exclusivity checks (@exclusivity(unchecked)):
    // each check is a TLS lookup plus a set insert, ~11% of a comment's instructions in fan-out.
    let id: UInt64
    let fd: Int32
    let peer: String
    @exclusivity(unchecked) var framer: LineFramer
    @exclusivity(unchecked) var output: OutputQueue
    @exclusivity(unchecked) var agent: String?
    var role: Role = .lead
    @exclusivity(unchecked) var format: Format = .text
    var sawFirstLine = false
    @exclusivity(unchecked) var state: State = .open
    @exclusivity(unchecked) var inDirtyList = false
    var wantsWrite = false
    /// In Durability.heldSessions: its output queue holds output waiting for the journal.
    @exclusivity(unchecked) var inHeldList = false
    let connectedAt: Timestamp
    var lastInputAt: Timestamp

    /// Framed lines not yet handled: they wait here while the connection is throttled.
    /// Bounded, because reading stops while any wait (at most one read's worth, 64 KiB).
    @exclusivity(unchecked) var pendingInput = FramedInput()
    @exclusivity(unchecked) var pendingHead = 0
    /// The peer closed its side; act on it once the pending lines are handled.
    var sawEOF = false
    /// Not handling input until then (line rate, failed /hello delay); cron resumes it.
    var pausedUntil: Timestamp?
    /// Whether the fd is out of the poller's read interest (see Server.updateInterest).
    var readingPaused = false
    /// A reply held back until `pausedUntil` (a refused /hello).
    var heldReply: [UInt8]?
    /// Token bucket for --line-rate: lines that may be handled now without waiting.
    var lineTokens: Double = 0
    var tokensAt: Timestamp
    var loginFailures = 0
    /// When the /hello being checked arrived: a refusal is answered loginDelay after it.
    var loginStartedAt: Timestamp?

    init(id: UInt64, fd: Int32, peer: String, maxLine: Int, maxQueue: Int, at now: Timestamp) {
        self.id = id
        self.fd = fd
        self.peer = peer
        self.framer = LineFramer(maxLine: maxLine)
        self.output = OutputQueue(limit: maxQueue)
        self.connectedAt = now
        self.lastInputAt = now
        self.tokensAt = now
    }

    var isOpen: Bool { state == .open }
    var isClosingAfterFlush: Bool { if case .closingAfterFlush = state { true } else { false } }
    /// Who this is in logs and errors.
    var label: String { agent ?? "conn\(id)" }
}
