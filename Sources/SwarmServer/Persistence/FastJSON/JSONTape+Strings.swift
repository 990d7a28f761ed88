// Strings on the tape: the scan that checks escapes and UTF-8 while finding the closing quote,
// and the unescaping the decoder does for the few strings that have escapes.
import Foundation

extension JSONParser {
    /// Scans the string whose opening quote is at `q`; returns the index after its closing quote.
    mutating func string(_ q: Int) throws(FastJSONError) -> Int {
        var j = q + 1
        var escapes = false
        let base = b.baseAddress!
        while true {
            // Eight bytes at a time while none is special.
            while j + 8 <= n {
                let w = UInt64(littleEndian: UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self))
                let m = JSONBytes.stops(w, stopAtHigh: true)
                if m != 0 { j += m.trailingZeroBitCount >> 3; break }
                j += 8
            }
            guard j < n else { throw fail(q, "unterminated string") }
            let c = b[j]
            if c == JSONBytes.quote { break }
            if c == JSONBytes.backslash {
                escapes = true
                j = try escape(j)
            } else if c < 0x20 {
                throw fail(j, String(format: "control character 0x%02x in a string must be escaped", c))
            } else if c >= 0x80 {
                j = try utf8Sequence(j)
            } else {
                j += 1
            }
        }
        let length = UInt64(min(j - q - 1, JSONTape.lengthUnknown))
        emit(.string, q, payload: (escapes ? 1 : 0) | length << 1)
        return j + 1
    }

    /// Checks the escape at `j` (a backslash); returns the index after it.
    func escape(_ j: Int) throws(FastJSONError) -> Int {
        guard j + 1 < n else { throw fail(j, "unterminated string") }
        switch b[j + 1] {
        case JSONBytes.quote, JSONBytes.backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return j + 2
        case UInt8(ascii: "u"):
            let unit = try hex4(j + 2)
            if unit >= 0xDC00 && unit <= 0xDFFF { throw fail(j, "a \\u escape is a low surrogate without a high one") }
            guard unit >= 0xD800 && unit <= 0xDBFF else { return j + 6 }
            guard j + 7 < n, b[j + 6] == JSONBytes.backslash, b[j + 7] == UInt8(ascii: "u") else {
                throw fail(j, "a \\u escape is a high surrogate without a low one")
            }
            let low = try hex4(j + 8)
            guard low >= 0xDC00 && low <= 0xDFFF else { throw fail(j + 6, "a \\u escape is a high surrogate without a low one") }
            return j + 12
        default:
            throw fail(j, "unknown escape \\\(describe(j + 1))")
        }
    }

    func hex4(_ at: Int) throws(FastJSONError) -> UInt32 {
        guard at + 4 <= n else { throw fail(at, "a \\u escape needs 4 hex digits") }
        var v: UInt32 = 0
        for k in at..<at + 4 {
            guard let d = JSONUnescape.hexValue(b[k]) else { throw fail(k, "a \\u escape needs 4 hex digits") }
            v = v << 4 | d
        }
        return v
    }

    /// Checks one well-formed UTF-8 sequence (Unicode table 3-7) at `j`; returns its end.
    func utf8Sequence(_ j: Int) throws(FastJSONError) -> Int {
        let c = b[j]
        let len: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: len = 2
        case 0xE0: len = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: len = 3
        case 0xED: len = 3; hi = 0x9F
        case 0xF0: len = 4; lo = 0x90
        case 0xF1...0xF3: len = 4
        case 0xF4: len = 4; hi = 0x8F
        default: throw fail(j, String(format: "invalid UTF-8 (byte 0x%02x)", c))
        }
        guard j + len <= n else { throw fail(j, "invalid UTF-8 (truncated sequence)") }
        guard b[j + 1] >= lo && b[j + 1] <= hi else { throw fail(j, "invalid UTF-8 sequence") }
        for k in j + 2 ..< j + len where b[k] & 0xC0 != 0x80 { throw fail(j, "invalid UTF-8 sequence") }
        return j + len
    }
}

enum JSONUnescape {
    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: UInt32(c - 0x30)
        case 0x41...0x46: UInt32(c - 0x41 + 10)
        case 0x61...0x66: UInt32(c - 0x61 + 10)
        default: nil
        }
    }

    /// The text of a string already checked by the parser; `start` is after the opening quote.
    static func string(_ b: UnsafeBufferPointer<UInt8>, from start: Int, length: Int, escapes: Bool) -> String {
        let raw = UnsafeBufferPointer(rebasing: b[start..<start + length])
        guard escapes else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(length)
        var i = 0
        func hex(_ at: Int) -> UInt32 { (at..<at + 4).reduce(0) { $0 << 4 | (hexValue(raw[$1]) ?? 0) } }
        while i < raw.count {
            let c = raw[i]
            guard c == JSONBytes.backslash else { out.append(c); i += 1; continue }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex(i)
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    scalar = 0x10000 + (scalar - 0xD800) << 10 + (hex(i + 2) - 0xDC00)
                    i += 6
                }
                // The parser checked the pairs, so this is a valid scalar.
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8))
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where the string whose content starts at `start` ends (its closing quote).
    static func end(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        while i < b.count && b[i] != JSONBytes.quote { i += b[i] == JSONBytes.backslash ? 2 : 1 }
        return i
    }
}
