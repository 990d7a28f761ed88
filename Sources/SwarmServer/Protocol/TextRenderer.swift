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
        out.reserveCapacity(r.lines.isEmpty ? 64 : 256)
        for line in r.lines {
            out.append(0x20); out.append(0x20)
            out.append(contentsOf: line.utf8)
            out.append(contentsOf: crlf)
        }
        if let e = r.error {
            append("ERR ", to: &out)
            out.append(contentsOf: e.code.utf8)
            out.append(0x20)
            out.append(contentsOf: e.message.utf8)
        } else {
            append("OK", to: &out)
            if !r.message.isEmpty {
                out.append(0x20)
                out.append(contentsOf: r.message.utf8)
            }
        }
        out.append(contentsOf: crlf)
        return out
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
            appendDecimal(t.value, to: &out)
            out.append(0x20)
        } else {
            append("board ", to: &out)
        }
        TimeText.appendClock(e.at, to: &out)
        if let c = e.comment {
            append(" ^", to: &out)
            appendDecimal(c.value, to: &out)
        }
        if e.isHistory { append(" history", to: &out) }
        append("] ", to: &out)
        if e.name == "comment" {
            if let actor = e.actor { out.append(contentsOf: actor.utf8) } else { out.append(UInt8(ascii: "?")) }
            if e.isFromBot { append(" (bot)", to: &out) }
            append(": ", to: &out)
        } else {
            append(e.isFromBot ? "swarmbot (bot): " : "* ", to: &out)
        }
        out.append(contentsOf: e.text.utf8)
    }

    /// A free-standing notice (greeting, disconnect reason); starts with `*`, never OK/ERR.
    static func notice(_ text: String) -> [UInt8] {
        Array(("* " + text).utf8) + crlf
    }

    static func append(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// A number in decimal, without going through String.
    static func appendDecimal(_ n: Int, to out: inout [UInt8]) {
        guard n >= 0 else { out.append(contentsOf: String(n).utf8); return }
        let start = out.count
        var v = n
        repeat {
            out.append(UInt8(truncatingIfNeeded: v % 10) + 0x30)
            v /= 10
        } while v > 0
        out[start...].reverse()
    }
}
