// FastJSON's parser: one pass checks the whole document (grammar, string escapes, UTF-8,
// nesting depth) and records every value on a tape, as simdjson does; the decoder then walks
// the tape and never re-checks. Any fault is a FastJSONError naming the byte offset, never a
// crash: every read is bounds-checked against the end.
//
// A tape entry is a UInt64:
//   bits 0..<40   offset of the value's first byte (`{` `[` `"` `-` digit `t` `f` `n`)
//   bits 40..<44  kind
//   bits 44..<64  strings: bit 44 = has escapes, bits 45..<64 = bytes between the quotes
//                 numbers: bit 44 = integer (no fraction or exponent), bits 45..<64 = length
//                 (all ones: too long to store, measure again)
// Objects and arrays take a second entry: bits 0..<40 the index of the entry after their last
// one, bits 40..<64 their count of members or elements (saturating). Object members are a key
// (a string entry) followed by the value.
import Foundation

struct JSONTape {
    enum Kind: UInt8 { case object = 1, array, string, number, `true`, `false`, null }

    static let maxDepth = 512
    static let offsetMask: UInt64 = (1 << 40) - 1
    static let lengthUnknown = (1 << 19) - 1
    static let countUnknown = (1 << 24) - 1

    var entries: [UInt64] = []

    @inline(__always) static func kind(_ e: UInt64) -> Kind { Kind(rawValue: UInt8((e >> 40) & 0xF)) ?? .null }
    @inline(__always) static func offset(_ e: UInt64) -> Int { Int(e & offsetMask) }
    @inline(__always) static func flag(_ e: UInt64) -> Bool { (e >> 44) & 1 == 1 }
    @inline(__always) static func length(_ e: UInt64) -> Int { Int(e >> 45) }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) throws(FastJSONError) -> JSONTape {
        var p = JSONParser(b)
        try p.run()
        return JSONTape(entries: p.tape)
    }
}

struct JSONParser {
    let b: UnsafeBufferPointer<UInt8>
    let n: Int
    var tape: [UInt64] = []
    /// Open containers: tape index of each, and its count so far.
    var stack: [(at: Int, count: Int)] = []

    init(_ b: UnsafeBufferPointer<UInt8>) {
        self.b = b
        n = b.count
        tape.reserveCapacity(n / 12 + 16)
    }

    func fail(_ at: Int, _ reason: String) -> FastJSONError { FastJSONError(offset: at, reason: reason) }

    func describe(_ at: Int) -> String {
        guard at < n else { return "the end of the data" }
        let c = b[at]
        return c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : String(format: "byte 0x%02x", c)
    }

    @inline(__always) func skipSpace(_ i: Int) -> Int {
        var i = i
        while i < n {
            let c = b[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { break }
            i += 1
        }
        return i
    }

    @inline(__always) mutating func emit(_ kind: JSONTape.Kind, _ at: Int, payload: UInt64 = 0) {
        tape.append(UInt64(at) | UInt64(kind.rawValue) << 40 | payload << 44)
    }

    mutating func run() throws(FastJSONError) {
        guard UInt64(n) < JSONTape.offsetMask else { throw fail(0, "the document is too large (1 TB at most)") }
        var i = skipSpace(0)
        var wantValue = true
        while true {
            if wantValue {
                guard i < n else { throw fail(i, "unexpected end of data: a value was expected") }
                switch b[i] {
                case JSONBytes.openBrace, JSONBytes.openBracket:
                    let isObject = b[i] == JSONBytes.openBrace
                    guard stack.count < JSONTape.maxDepth else {
                        throw fail(i, "nested deeper than \(JSONTape.maxDepth) levels")
                    }
                    stack.append((tape.count, 0))
                    emit(isObject ? .object : .array, i)
                    tape.append(0)
                    i = skipSpace(i + 1)
                    if i < n && b[i] == (isObject ? JSONBytes.closeBrace : JSONBytes.closeBracket) {
                        closeContainer()
                        i += 1
                        wantValue = false
                    } else if isObject {
                        i = try key(i)
                    }
                    continue
                case JSONBytes.quote:
                    i = try string(i)
                case 0x2D, 0x30...0x39:
                    i = try number(i)
                case UInt8(ascii: "t"): i = try literal(i, "true", .true)
                case UInt8(ascii: "f"): i = try literal(i, "false", .false)
                case UInt8(ascii: "n"): i = try literal(i, "null", .null)
                default:
                    throw fail(i, "unexpected \(describe(i)): a value was expected")
                }
                wantValue = false
            }
            // After a value: the end of the document, or what its container allows next.
            i = skipSpace(i)
            guard let top = stack.last else {
                guard i == n else { throw fail(i, "unexpected \(describe(i)) after the end of the document") }
                return
            }
            stack[stack.count - 1].count = top.count + 1
            let isObject = JSONTape.kind(tape[top.at]) == .object
            guard i < n else { throw fail(i, "unexpected end of data inside an \(isObject ? "object" : "array")") }
            let c = b[i]
            if c == JSONBytes.comma {
                i = skipSpace(i + 1)
                if isObject { i = try key(i) }
                wantValue = true
            } else if c == (isObject ? JSONBytes.closeBrace : JSONBytes.closeBracket) {
                closeContainer()
                i += 1
            } else {
                throw fail(i, "unexpected \(describe(i)): expected ',' or '\(isObject ? "}" : "]")'")
            }
        }
    }

    mutating func closeContainer() {
        let top = stack.removeLast()
        tape[top.at + 1] = UInt64(tape.count) | UInt64(min(top.count, JSONTape.countUnknown)) << 40
    }

    /// `"key"` then `:`; returns where the value starts.
    mutating func key(_ i: Int) throws(FastJSONError) -> Int {
        guard i < n, b[i] == JSONBytes.quote else { throw fail(i, "unexpected \(describe(i)): an object key (a string) was expected") }
        let end = try string(i)
        var j = skipSpace(end)
        guard j < n, b[j] == JSONBytes.colon else { throw fail(j, "unexpected \(describe(j)): ':' was expected after an object key") }
        j = skipSpace(j + 1)
        return j
    }

    mutating func literal(_ i: Int, _ word: StaticString, _ kind: JSONTape.Kind) throws(FastJSONError) -> Int {
        let len = word.utf8CodeUnitCount
        guard i + len <= n, memcmp(b.baseAddress! + i, word.utf8Start, len) == 0 else {
            throw fail(i, "unexpected \(describe(i)): a value was expected")
        }
        emit(kind, i)
        return i + len
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    mutating func number(_ start: Int) throws(FastJSONError) -> Int {
        var i = start
        if b[i] == 0x2D { i += 1 }
        guard i < n, b[i] >= 0x30 && b[i] <= 0x39 else { throw fail(i, "a digit was expected in a number") }
        if b[i] == 0x30 {
            i += 1
            if i < n, b[i] >= 0x30 && b[i] <= 0x39 { throw fail(i, "a number cannot have a leading zero") }
        } else {
            while i < n, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
        }
        var integer = true
        if i < n, b[i] == 0x2E {
            integer = false
            i += 1
            guard i < n, b[i] >= 0x30 && b[i] <= 0x39 else { throw fail(i, "a digit was expected after '.' in a number") }
            while i < n, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
        }
        if i < n, b[i] | 0x20 == 0x65 {
            integer = false
            i += 1
            if i < n, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            guard i < n, b[i] >= 0x30 && b[i] <= 0x39 else { throw fail(i, "a digit was expected in a number's exponent") }
            while i < n, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
        }
        emit(.number, start, payload: (integer ? 1 : 0) | UInt64(min(i - start, JSONTape.lengthUnknown)) << 1)
        return i
    }
}
