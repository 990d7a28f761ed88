// The payload every comment and ping carries, byte-compatible with swarmload's:
// `SWL:<sender>:<seq>:<send-time-ns>` then a space and `x` padding up to the payload size.
// Receivers find the marker anywhere in a line, so the server's prefix does not matter.
import Glibc

enum Payload {
    static let marker: [UInt8] = Array("SWL:".utf8)

    /// Writes a payload of at least `size` bytes (the marker itself may be longer).
    @inline(__always)
    static func write(into b: inout ByteBuffer, sender: Int, seq: UInt32, sentAt: UInt64, size: Int) {
        let before = b.count
        marker.withUnsafeBufferPointer { b.append($0) }
        b.appendDecimal(UInt64(sender))
        b.append(byte: UInt8(ascii: ":"))
        b.appendDecimal(UInt64(seq))
        b.append(byte: UInt8(ascii: ":"))
        b.appendDecimal(sentAt)
        let written = b.count - before
        if written < size {
            b.append(byte: UInt8(ascii: " "))
            b.append(repeating: UInt8(ascii: "x"), count: size - written - 1)
        }
    }

    struct Stamp {
        var sender: Int
        var seq: UInt32
        var sentAt: UInt64
    }

    /// The marker in line bytes [p, end), if there is one. Our nicknames, ticket numbers and
    /// replies never contain an `S`, so memchr for it lands on the marker at the first try.
    @inline(__always)
    static func find(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Stamp? {
        var q = p
        while end - q >= 4 {
            guard let s = memchrPointer(q, UInt8(ascii: "S"), end - q) else { return nil }
            if end - s >= 4 && s[1] == UInt8(ascii: "W") && s[2] == UInt8(ascii: "L") && s[3] == UInt8(ascii: ":") {
                return parse(s + 4, end)
            }
            q = s + 1
        }
        return nil
    }

    /// Parses `<sender>:<seq>:<time>` after the marker.
    @inline(__always)
    static func parse(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Stamp? {
        var p = start
        var v: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for k in 0..<3 {
            var x: UInt64 = 0
            let digitsStart = p
            while p < end, p.pointee >= 48, p.pointee <= 57 {
                x = x &* 10 &+ UInt64(p.pointee - 48)
                p += 1
            }
            if p == digitsStart { return nil }
            switch k {
            case 0: v.0 = x
            case 1: v.1 = x
            default: v.2 = x
            }
            if k < 2 {
                guard p < end, p.pointee == UInt8(ascii: ":") else { return nil }
                p += 1
            }
        }
        return Stamp(sender: Int(truncatingIfNeeded: v.0), seq: UInt32(truncatingIfNeeded: v.1), sentAt: v.2)
    }
}

@inline(__always)
func memchrPointer(_ p: UnsafePointer<UInt8>, _ byte: UInt8, _ n: Int) -> UnsafePointer<UInt8>? {
    guard let r = memchr(p, Int32(byte), n) else { return nil }
    return UnsafePointer(r.assumingMemoryBound(to: UInt8.self))
}
