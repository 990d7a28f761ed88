// FastJSON's output: JSON text appended straight to a byte array (no intermediate tree).
// Strings are copied in runs between the few bytes JSON requires escaped (`"`, `\`, control
// characters); `/` and non-ASCII are written as they are.
import Foundation

/// A growable byte buffer owned by one encode call (`free` when done). Not an Array: appends
/// here skip Array's uniqueness and capacity bookkeeping, which cost a third of the encode time.
struct JSONText {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(_ initial: [UInt8]) {
        capacity = max(4096, initial.count * 2)
        base = malloc(capacity)!.assumingMemoryBound(to: UInt8.self)
        initial.withUnsafeBufferPointer { append($0) }
    }

    func free() { Foundation.free(base) }

    @inline(__always) mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(n) }
    }

    /// realloc: a big buffer moves by remapping its pages, not by copying them.
    private mutating func grow(_ n: Int) {
        capacity = max(capacity * 2, count + n)
        base = realloc(base, capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) mutating func append(_ p: UnsafeBufferPointer<UInt8>) {
        guard let from = p.baseAddress else { return }
        reserve(p.count)
        (base + count).update(from: from, count: p.count)
        count += p.count
    }

    mutating func truncate(to n: Int) { count = min(count, n) }

    /// Hands the text so far to `out` and starts again from empty (a streamed document).
    mutating func handOn(to out: (UnsafeRawBufferPointer) throws -> Void) throws {
        try out(UnsafeRawBufferPointer(start: base, count: count))
        count = 0
    }

    mutating func raw(_ s: StaticString) {
        append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    mutating func string(_ s: String) {
        if let done: Void = s.utf8.withContiguousStorageIfAvailable({ string(utf8: $0) }) { return done }
        var copy = s
        copy.withUTF8 { string(utf8: $0) }
    }

    mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count + 2)
        byte(JSONBytes.quote)
        guard let u = utf8.baseAddress else { byte(JSONBytes.quote); return }
        let n = utf8.count
        var run = 0
        var i = 0
        while i < n {
            // Eight bytes at a time while none needs escaping.
            if i + 8 <= n {
                let w = UInt64(littleEndian: UnsafeRawPointer(u + i).loadUnaligned(as: UInt64.self))
                let m = JSONBytes.stops(w, stopAtHigh: false)
                if m == 0 { i += 8; continue }
                i += m.trailingZeroBitCount >> 3
            }
            let c = u[i]
            if c == JSONBytes.quote || c == JSONBytes.backslash || c < 0x20 {
                if run < i { append(UnsafeBufferPointer(start: u + run, count: i - run)) }
                escape(c)
                run = i + 1
            }
            i += 1
        }
        if run < n { append(UnsafeBufferPointer(start: u + run, count: n - run)) }
        byte(JSONBytes.quote)
    }

    private mutating func escape(_ c: UInt8) {
        byte(JSONBytes.backslash)
        switch c {
        case JSONBytes.quote, JSONBytes.backslash: byte(c)
        case 0x0A: byte(UInt8(ascii: "n"))
        case 0x0D: byte(UInt8(ascii: "r"))
        case 0x09: byte(UInt8(ascii: "t"))
        case 0x08: byte(UInt8(ascii: "b"))
        case 0x0C: byte(UInt8(ascii: "f"))
        default:
            raw("u00")
            byte(JSONBytes.hexDigits[Int(c >> 4)])
            byte(JSONBytes.hexDigits[Int(c & 0xF)])
        }
    }

    mutating func bool(_ b: Bool) { if b { raw("true") } else { raw("false") } }

    mutating func null() { raw("null") }

    mutating func signed(_ v: Int64) {
        if v < 0 {
            byte(UInt8(ascii: "-"))
            unsigned(v.magnitude)
        } else {
            unsigned(UInt64(v))
        }
    }

    mutating func unsigned(_ v: UInt64) {
        if v < 10 { byte(0x30 + UInt8(v)); return }
        // 20 digits hold UInt64.max; written back to front into a stack tuple.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buf in
            var k = 24
            var x = v
            while x > 0 {
                k -= 1
                buf[k] = 0x30 + UInt8(x % 10)
                x /= 10
            }
            append(UnsafeBufferPointer(rebasing: buf.bindMemory(to: UInt8.self)[k..<24]))
        }
    }

    /// The shortest text that reads back as the same Double ("1" for 1.0, like Foundation).
    mutating func double(_ d: Double) {
        var s = d.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        s.withUTF8 { append($0) }
    }

    mutating func float(_ f: Float) {
        var s = f.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        s.withUTF8 { append($0) }
    }
}
