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
        // Ids are mostly short: one or two digits are appended as bytes. Longer numbers are
        // written backwards into a scratch buffer on the stack (UInt64.max has 20 digits), then
        // copied in once.
        if n < 10 {
            out.append(UInt8(truncatingIfNeeded: n) &+ UInt8(ascii: "0"))
            return
        }
        if n < 100 {
            out.append(UInt8(truncatingIfNeeded: n / 10) &+ UInt8(ascii: "0"))
            out.append(UInt8(truncatingIfNeeded: n % 10) &+ UInt8(ascii: "0"))
            return
        }
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { digits in
            var v = n
            var i = digits.count
            repeat {
                i -= 1
                digits[i] = UInt8(truncatingIfNeeded: v % 10) &+ UInt8(ascii: "0")
                v /= 10
            } while v > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: digits[i...]))
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
