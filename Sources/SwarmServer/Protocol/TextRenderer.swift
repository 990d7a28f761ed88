// Text mode: what a person at `nc` reads. Data lines are indented two spaces and events start
// with `[`, so only status lines ever start with `OK` or `ERR`. Lines end with CRLF.
//
// Written straight into bytes: an event is rendered once per room and copied to every member,
// and String interpolation was the biggest share of that per-comment cost.
import SwarmDomain

enum TextRenderer {
    static let crlf: [UInt8] = [0x0D, 0x0A]

    static func reply(_ r: Reply) -> [UInt8] {
        var out: [UInt8] = []
        // The exact size, so the buffer is allocated once (a guess of 64 bytes meant a second
        // allocation and copy for most replies: 4 % of a pipelined /ping's CPU).
        out.reserveCapacity(replySize(r))
        appendReply(r, to: &out)
        return out
    }

    /// The bytes `appendReply` adds.
    static func replySize(_ r: Reply) -> Int {
        var size = 2 + (r.error.map { 5 + $0.code.utf8.count + $0.message.utf8.count } ?? 3 + r.message.utf8.count)
        for line in r.lines { size += 4 + line.utf8.count }
        return size
    }

    static func appendReply(_ r: Reply, to out: inout [UInt8]) {
        for line in r.lines {
            out.append(0x20); out.append(0x20)
            appendUTF8(line, to: &out)
            out.append(contentsOf: crlf)
        }
        if let e = r.error {
            append("ERR ", to: &out)
            appendUTF8(e.code, to: &out)
            out.append(0x20)
            appendUTF8(e.message, to: &out)
        } else {
            out.append(UInt8(ascii: "O")); out.append(UInt8(ascii: "K"))
            if !r.message.isEmpty {
                out.append(0x20)
                appendUTF8(r.message, to: &out)
            }
        }
        out.append(0x0D); out.append(0x0A)
    }

    static func event(_ e: Event) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(48 + e.text.utf8.count)
        appendLine(e, to: &out)
        out.append(contentsOf: crlf)
        return out
    }

    /// `[#12 14:03 ^17] alice: text` for comments, `[#12 14:03] * alice claimed #12` otherwise.
    static func line(_ e: Event) -> String {
        var out: [UInt8] = []
        appendLine(e, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendLine(_ e: Event, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        if let t = e.ticket {
            out.append(UInt8(ascii: "#"))
            ASCII.appendDecimal(t.value, to: &out)
            out.append(0x20)
        } else {
            append("board ", to: &out)
        }
        TimeText.appendClock(e.at, to: &out)
        if let c = e.comment {
            append(" ^", to: &out)
            ASCII.appendDecimal(c.value, to: &out)
        }
        if e.isHistory { append(" history", to: &out) }
        append("] ", to: &out)
        if e.name == "comment" {
            if let actor = e.actor { appendUTF8(actor, to: &out) } else { out.append(UInt8(ascii: "?")) }
            if e.isFromBot { append(" (bot)", to: &out) }
            append(": ", to: &out)
        } else {
            append(e.isFromBot ? "swarmbot (bot): " : "* ", to: &out)
        }
        appendUTF8(e.text, to: &out)
    }

    /// A free-standing notice (greeting, disconnect reason); starts with `*`, never OK/ERR.
    static func notice(_ text: String) -> [UInt8] {
        Array(("* " + text).utf8) + crlf
    }

    static func append(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// A String's bytes in one copy (`append(contentsOf: s.utf8)` went byte by byte).
    static func appendUTF8(_ s: String, to out: inout [UInt8]) {
        // Native strings lend their bytes without the copy `var s = s; s.withUTF8` made.
        if s.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) == nil {
            out.append(contentsOf: s.utf8)
        }
    }
}
