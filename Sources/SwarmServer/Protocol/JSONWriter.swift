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
        bytes.append(contentsOf: String(n).utf8)
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

    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
