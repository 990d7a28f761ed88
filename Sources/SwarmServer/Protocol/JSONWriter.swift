// Writes JSON straight into bytes: the event hot path renders one object per room, so this
// avoids JSONEncoder's allocations. Keys come out in the order written.
import SwarmDomain

struct JSONWriter {
    var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 128) { bytes.reserveCapacity(capacity) }

    mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    mutating func key(_ k: String) {
        separator()
        JSONWriter.appendString(k, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func field(_ k: String, _ v: String) { key(k); string(v) }
    mutating func field(_ k: String, _ v: Int) { key(k); int(v) }
    mutating func field(_ k: String, _ v: Bool) { key(k); separator(); bytes.append(contentsOf: (v ? "true" : "false").utf8); needsComma = true }
    mutating func field(_ k: String, _ v: JSONValue) { key(k); value(v) }

    mutating func string(_ s: String) {
        separator()
        JSONWriter.appendString(s, to: &bytes)
        needsComma = true
    }

    mutating func int(_ n: Int) {
        separator()
        ASCII.appendDecimal(n, to: &bytes)
        needsComma = true
    }

    mutating func value(_ v: JSONValue) {
        switch v {
        case .null: separator(); bytes.append(contentsOf: "null".utf8); needsComma = true
        case .bool(let b): separator(); bytes.append(contentsOf: (b ? "true" : "false").utf8); needsComma = true
        case .int(let i): int(i)
        case .double(let d):
            separator()
            bytes.append(contentsOf: (d.isFinite ? "\(d)" : "null").utf8)
            needsComma = true
        case .string(let s): string(s)
        case .array(let a):
            beginArray()
            for e in a { value(e) }
            endArray()
        case .object(let o):
            beginObject()
            for k in o.keys.sorted() { field(k, o[k]!) }
            endObject()
        }
    }

    private mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// JSONEncoder's escaping, so the journal's hot records match its bytes (JournalJSON): `"` and
    /// `\`, the five short escapes, `\u00xx` for the other C0 controls; DEL, non-ASCII and `/`
    /// (withoutEscapingSlashes) pass through as UTF-8. One escaper for replies, events and the
    /// journal; eight bytes are checked at a time, since most text needs no escape at all.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var runStart = 0
            var i = 0
            while i < utf8.count {
                // Eight bytes at a time while none can need escaping (the usual case).
                if i + 8 <= utf8.count, !mayNeedEscape(UnsafeRawPointer(utf8.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let b = utf8[i]
                i += 1
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                let at = i - 1
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<at]))
                runStart = i
                out.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                default:
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any of eight bytes may be a control character, `"` or `\` (SWAR; a false
    /// positive only sends those bytes through the exact check).
    @inline(__always)
    static func mayNeedEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
        let below20 = (w &- ones &* 0x20) & ~w
        return (below20 | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highs != 0
    }
}
