// Text mode: what a person at `nc` reads. Data lines are indented two spaces and events start
// with `[`, so only status lines ever start with `OK` or `ERR`. Lines end with CRLF.
import SwarmDomain

enum TextRenderer {
    static let crlf: [UInt8] = [0x0D, 0x0A]

    static func reply(_ r: Reply) -> [UInt8] {
        var out: [UInt8] = []
        for line in r.lines {
            out.append(0x20); out.append(0x20)
            out.append(contentsOf: line.utf8)
            out.append(contentsOf: crlf)
        }
        if let e = r.error {
            out.append(contentsOf: "ERR \(e.code) \(e.message)".utf8)
        } else {
            out.append(contentsOf: (r.message.isEmpty ? "OK" : "OK " + r.message).utf8)
        }
        out.append(contentsOf: crlf)
        return out
    }

    static func event(_ e: Event) -> [UInt8] {
        var out = Array(line(e).utf8)
        out.append(contentsOf: crlf)
        return out
    }

    /// `[#12 14:03 ^17] alice: text` for comments, `[#12 14:03] * alice claimed #12` otherwise.
    static func line(_ e: Event) -> String {
        var head = "[" + (e.ticket.map { "\($0) " } ?? "board ") + TimeText.clock(e.at)
        if let c = e.comment { head += " \(c)" }
        if e.isHistory { head += " history" }
        head += "] "
        if e.name == "comment" {
            let who = (e.actor ?? "?") + (e.isFromBot ? " (bot)" : "")
            return head + who + ": " + e.text
        }
        return head + (e.isFromBot ? "swarmbot (bot): " : "* ") + e.text
    }

    /// A free-standing notice (greeting, disconnect reason); starts with `*`, never OK/ERR.
    static func notice(_ text: String) -> [UInt8] {
        Array(("* " + text).utf8) + crlf
    }
}
