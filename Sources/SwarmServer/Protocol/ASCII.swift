// Numbers written as ASCII digits straight into an output buffer: the event renderer and the
// journal write two or three per comment, and String(n) cost ~800 instructions each.
import SwarmDomain
enum ASCII {
    static func appendDecimal(_ n: Int, to out: inout [UInt8]) { appendDecimal(Int64(n), to: &out) }

    static func appendDecimal(_ n: Int64, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        appendDecimal(n.magnitude, to: &out)
    }

    static func appendDecimal(_ n: UInt64, to out: inout [UInt8]) {
        // Digits land at the end of a 20-byte scratch buffer (UInt64.max has 20), then one copy.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var v = n
            var i = 20
            repeat {
                i -= 1
                digits[i] = UInt8(truncatingIfNeeded: v % 10) + UInt8(ascii: "0")
                v /= 10
            } while v > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
        }
    }

    /// `^17 posted to #3`: the reply to every comment, built without String interpolation
    /// (~2.5k instructions of a comment's ~26k).
    static func posted(_ comment: CommentID, to ticket: TicketID) -> String {
        var out: [UInt8] = [UInt8(ascii: "^")]
        out.reserveCapacity(32)
        appendDecimal(comment.value, to: &out)
        out.append(contentsOf: " posted to #".utf8)
        appendDecimal(ticket.value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
