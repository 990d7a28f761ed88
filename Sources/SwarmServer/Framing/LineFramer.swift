// Framing: bytes from a socket become lines. One function for every input, so a line sent one
// byte per write is reassembled exactly as one sent whole.
//
// - LF, CRLF, a lone CR and telnet's CR NUL each end a line; empty lines are dropped.
// - Telnet commands (IAC …) are stripped; DO is refused with WONT and WILL with DONT, once per
//   option, so a client that re-asks cannot start a loop. We never start a negotiation.
// - A line longer than `maxLine` bytes is discarded up to its end and reported once.
import Glibc

public struct LineFramer: Sendable {
    public enum Output: Equatable, Sendable {
        case line([UInt8])
        case tooLong
        /// Bytes to send back: telnet refusals.
        case telnetReply([UInt8])
    }

    private enum Telnet: Sendable { case data, iac, option(UInt8), subnegotiation, subnegotiationIAC }

    static let IAC: UInt8 = 255, DONT: UInt8 = 254, DO: UInt8 = 253, WONT: UInt8 = 252, WILL: UInt8 = 251
    static let SB: UInt8 = 250, SE: UInt8 = 240

    public let maxLine: Int
    private var buffer: [UInt8] = []
    private var discarding = false
    private var afterCR = false
    private var telnet = Telnet.data
    private var refused: Set<UInt16> = []

    public init(maxLine: Int) {
        self.maxLine = max(1, maxLine)
        buffer.reserveCapacity(64)
    }

    /// Bytes of a line still waiting for its end: what a slow or stalled client costs us.
    public var pendingBytes: Int { buffer.count }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into out: inout FramedInput) {
        var i = 0
        while i < bytes.count {
            // Plain text between line ends is copied as one run: byte-at-a-time stepping cost
            // ~65 instructions a byte. The run stops before any byte the state machine must see
            // (LF, CR, IAC) and at `maxLine`, so the next byte takes the exact same path as before.
            if case .data = telnet, !afterCR, !discarding {
                let j = LineFramer.runEnd(bytes, from: i)
                // A whole line inside this read goes straight to `out`, not through `buffer`;
                // its line end then finds `buffer` empty and adds nothing.
                if buffer.isEmpty, j > i, j - i <= maxLine, j < bytes.count, bytes[j] == 0x0A || bytes[j] == 0x0D {
                    out.append(.line, UnsafeRawBufferPointer(rebasing: bytes[i..<j]))
                    i = j
                    continue
                }
                let take = min(j - i, maxLine - buffer.count)
                if take > 0 {
                    buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)]))
                    i += take
                    continue
                }
            }
            step(bytes[i], &out)
            i += 1
        }
    }

    /// The first LF, CR or IAC at or after `from` (or the end): memchr scans are vectorised.
    static func runEnd(_ bytes: UnsafeRawBufferPointer, from: Int) -> Int {
        guard let base = bytes.baseAddress else { return from }
        var end = bytes.count
        for stop in [0x0A, 0x0D, Int32(LineFramer.IAC)] as [Int32] where end > from {
            if let p = memchr(base + from, stop, end - from) { end = base.distance(to: UnsafeRawPointer(p)) }
        }
        return end
    }

    public mutating func feed(_ bytes: [UInt8], into out: inout FramedInput) {
        bytes.withUnsafeBytes { feed($0, into: &out) }
    }

    /// The same framing, as a list of outputs (tests and tools).
    public mutating func feed(_ bytes: [UInt8], into out: inout [Output]) {
        var framed = FramedInput()
        feed(bytes, into: &framed)
        out.append(contentsOf: framed.outputs)
    }

    private mutating func step(_ b: UInt8, _ out: inout FramedInput) {
        switch telnet {
        case .data:
            break
        case .iac:
            switch b {
            case LineFramer.IAC: telnet = .data; data(b, &out)  // IAC IAC is a literal 255
            case LineFramer.DO, LineFramer.DONT, LineFramer.WILL, LineFramer.WONT: telnet = .option(b)
            case LineFramer.SB: telnet = .subnegotiation
            default: telnet = .data  // a two-byte command (NOP, GA, AYT, …): nothing to do
            }
            return
        case .option(let verb):
            telnet = .data
            refuse(verb, option: b, &out)
            return
        case .subnegotiation:
            if b == LineFramer.IAC { telnet = .subnegotiationIAC }
            return
        case .subnegotiationIAC:
            telnet = b == LineFramer.SE ? .data : .subnegotiation
            return
        }
        if b == LineFramer.IAC {
            telnet = .iac
            return
        }
        data(b, &out)
    }

    private mutating func data(_ b: UInt8, _ out: inout FramedInput) {
        if afterCR {
            afterCR = false
            if b == 0x0A || b == 0x00 { return }  // CRLF or CR NUL: the CR already ended the line
        }
        switch b {
        case 0x0A:
            endLine(&out)
        case 0x0D:
            endLine(&out)
            afterCR = true
        default:
            if discarding { return }
            if buffer.count >= maxLine {
                discarding = true
                buffer.removeAll(keepingCapacity: false)
                out.append(.tooLong, [])
                return
            }
            buffer.append(b)
        }
    }

    private mutating func endLine(_ out: inout FramedInput) {
        if discarding {
            discarding = false
            return
        }
        guard !buffer.isEmpty else { return }
        out.append(.line, buffer)
        buffer.removeAll(keepingCapacity: true)
        if buffer.capacity > 4096 { buffer = [] }
    }

    private mutating func refuse(_ verb: UInt8, option: UInt8, _ out: inout FramedInput) {
        let answer: UInt8
        switch verb {
        case LineFramer.DO: answer = LineFramer.WONT
        case LineFramer.WILL: answer = LineFramer.DONT
        default: return  // DONT and WONT agree with what we already do
        }
        let key = UInt16(verb) << 8 | UInt16(option)
        guard refused.insert(key).inserted else { return }
        out.append(.telnetReply, [LineFramer.IAC, answer, option])
    }
}
