// A growable byte buffer on malloc'd memory, owned by one connection of the load generator.
// Plain memory, not [UInt8]: the driver keeps thousands of these in one table and touches them
// on every line, where array copy-on-write checks and reference counting would show up.
import Glibc

struct ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>?
    /// Bytes [start, end) are the content.
    var start = 0
    var end = 0
    private(set) var capacity = 0

    var count: Int { end - start }
    var isEmpty: Bool { end == start }

    mutating func reserve(_ extra: Int) {
        if end + extra <= capacity { return }
        if start > 0 && end - start + extra <= capacity {
            // Compact first: written output leaves room at the front.
            if end > start { memmove(base!, base! + start, end - start) }
            end -= start
            start = 0
            return
        }
        var c = Swift.max(capacity, 256)
        while c < end - start + extra { c *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        if let old = base {
            if end > start { fresh.update(from: old + start, count: end - start) }
            old.deallocate()
        }
        base = fresh
        end -= start
        start = 0
        capacity = c
    }

    @inline(__always)
    mutating func append(_ p: UnsafeRawPointer, _ n: Int) {
        reserve(n)
        memcpy(base! + end, p, n)
        end += n
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        append(bytes.baseAddress!, bytes.count)
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        reserve(1)
        base![end] = byte
        end += 1
    }

    /// Appends `v` in decimal.
    @inline(__always)
    mutating func appendDecimal(_ v: UInt64) {
        reserve(20)
        var digits = 0
        var tmp = v
        repeat { digits += 1; tmp /= 10 } while tmp > 0
        var i = end + digits - 1
        var x = v
        repeat {
            base![i] = UInt8(truncatingIfNeeded: 48 &+ x % 10)
            x /= 10
            i -= 1
        } while x > 0
        end += digits
    }

    /// Appends `n` copies of `byte`.
    mutating func append(repeating byte: UInt8, count n: Int) {
        guard n > 0 else { return }
        reserve(n)
        memset(base! + end, Int32(byte), n)
        end += n
    }

    mutating func consume(_ n: Int) {
        start += n
        if start == end { start = 0; end = 0 }
    }

    mutating func clear() { start = 0; end = 0 }

    mutating func free() {
        base?.deallocate()
        base = nil
        start = 0
        end = 0
        capacity = 0
    }
}
