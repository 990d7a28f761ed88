// Numbers written as ASCII digits straight into an output buffer: the event renderer and the
// journal write two or three per comment, and String(n) cost ~800 instructions each.
enum ASCII {
    static func appendDecimal(_ n: Int, to out: inout [UInt8]) { appendDecimal(Int64(n), to: &out) }

    static func appendDecimal(_ n: Int64, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        appendDecimal(n.magnitude, to: &out)
    }

    static func appendDecimal(_ n: UInt64, to out: inout [UInt8]) {
        var digits = 1
        var v = n / 10
        while v > 0 {
            digits += 1
            v /= 10
        }
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        out.withUnsafeMutableBufferPointer { b in
            var v = n
            var i = start + digits - 1
            while v > 0 {
                b[i] = UInt8(truncatingIfNeeded: v % 10) + UInt8(ascii: "0")
                v /= 10
                i -= 1
            }
        }
    }
}
