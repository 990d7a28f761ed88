// The journal's hot records (comments and first sightings of a name) written straight as bytes,
// the very bytes `JSONEncoder` with `.sortedKeys, .withoutEscapingSlashes` writes for them.
//
// Why: JSONEncoder cost ~40 % of the server's CPU in the fan-out benchmark (one record per
// comment: boxing, metadata lookups, a Dictionary per container). Every other mutation is rare
// and still goes through JSONEncoder, so the journal format has exactly one definition; a test
// checks that both paths agree byte for byte, and the loader reads either with JSONDecoder.
import SwarmDomain

enum JournalJSON {
    /// Appends the record's JSON object, or returns false (nothing appended) if it is not a hot one.
    static func append(_ r: JournalRecord, to out: inout [UInt8]) -> Bool {
        switch r.mutation {
        case .comment(let ticket, let text):
            head(r, to: &out)
            literal("{\"comment\":{\"text\":", to: &out)
            string(text, to: &out)
            literal(",\"ticket\":", to: &out)
            ASCII.appendDecimal(ticket.value, to: &out)
            literal("}}", to: &out)
        case .register(let name):
            head(r, to: &out)
            literal("{\"register\":{\"name\":", to: &out)
            string(name, to: &out)
            literal("}}", to: &out)
        default:
            return false
        }
        literal(",\"seq\":", to: &out)
        ASCII.appendDecimal(r.seq, to: &out)
        out.append(UInt8(ascii: "}"))
        return true
    }

    /// `{"agent":…,"at":…,"mutation":` (keys sorted, as JSONEncoder's `.sortedKeys` has them).
    private static func head(_ r: JournalRecord, to out: inout [UInt8]) {
        literal("{\"agent\":", to: &out)
        string(r.agent, to: &out)
        literal(",\"at\":", to: &out)
        ASCII.appendDecimal(r.at.millis, to: &out)
        literal(",\"mutation\":", to: &out)
    }

    private static func literal(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// JSONEncoder's escaping: `"` and `\`, the five short escapes, `\u00xx` for the other C0
    /// controls; DEL, non-ASCII and `/` (withoutEscapingSlashes) pass through as UTF-8.
    static func string(_ s: String, to out: inout [UInt8]) {
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
