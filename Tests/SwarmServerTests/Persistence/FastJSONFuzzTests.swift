// Bad input never crashes FastJSON's decoder: every refusal is a DecodingError that names a
// byte offset inside the document (seeded mutations, truncation, depth, numbers, UTF-8).
import Foundation
import SwarmTestSupport
import Testing
@testable import SwarmServer
import SwarmDomain

/// Decodes `bytes` as `T`; returns nil when it decodes, else the offset and reason of the refusal.
func refusal<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) -> FastJSONError? {
    do {
        _ = try FastJSONDecoder().decode(type, from: bytes)
        return nil
    } catch {
        #expect(error is DecodingError, "not a DecodingError: \(error)")
        let located = FastJSONError.located(in: error)
        #expect(located != nil, "no offset in \(error)")
        if let located { #expect((0...bytes.count).contains(located.offset), "offset \(located.offset) outside \(bytes.count) bytes") }
        return located ?? FastJSONError(offset: -1, reason: "\(error)")
    }
}

@Suite struct FastJSONFuzzTests {
    let board = RandomBoards.board(seed: 99, steps: 120)

    @Test func truncatedAtEveryByte_IsRefusedWithAnOffset() throws {
        let good = try FastJSONEncoder().encode(board)
        for cut in 0..<good.count {
            #expect(refusal(Board.self, Array(good.prefix(cut))) != nil, "cut at \(cut) decoded")
        }
    }

    /// 20,000 documents with 1–4 random byte changes, insertions or deletions: each decodes to
    /// some board or is refused cleanly.
    @Test func randomMutations_AreRefusedCleanlyOrDecode() throws {
        let good = try FastJSONEncoder().encode(board)
        var rng = SeededRNG(state: 0xF457_150A)
        var refused = 0
        for _ in 0..<20_000 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
                case 2: bytes.remove(at: at)
                default: bytes[at] = Array("{}[]\",:\\0-e.tfn".utf8).randomElement(using: &rng)!
                }
            }
            if refusal(Board.self, bytes) != nil { refused += 1 }
        }
        #expect(refused > 15_000)
    }

    /// Random JSON trees written by Foundation read back the same through FastJSON, including
    /// as JSONValue, whose decoding tries one type after another (errors must stay cheap).
    @Test func randomDocuments_ReadLikeFoundationWroteThem() throws {
        var rng = SeededRNG(state: 0xD0C5)
        func value(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 4 ? 5 : 7), using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2: return .int(Int.random(in: Int.min...Int.max, using: &rng))
            case 3: return .double(Double.random(in: -1e12...1e12, using: &rng).rounded() + 0.5)
            case 4: return .string(RandomBoards.text(&rng))
            case 5: return .array((0..<Int.random(in: 0...6, using: &rng)).map { _ in value(depth + 1) })
            default:
                var o: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0...6, using: &rng) { o[RandomBoards.text(&rng)] = value(depth + 1) }
                return .object(o)
            }
        }
        for _ in 0..<300 {
            let v = value(0)
            #expect(try FastJSONDecoder().decode(JSONValue.self, from: [UInt8](try JSONEncoder().encode(v))) == v)
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(try FastJSONEncoder().encode(v))) == v)
        }
        // Many failed tries inside one big document: each error's path is cheap.
        let big = JSONValue.array((0..<50_000).map { .object(["k": .string("s\($0)"), "n": .int($0)]) })
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try FastJSONDecoder().decode(JSONValue.self, from: try FastJSONEncoder().encode(big)) == big)
        #expect(clock.now - start < .seconds(60), "errors in a big document are not O(document)")
    }

    @Test func nesting_UpTo512Levels_DeeperIsRefused() throws {
        let ok = Array(String(repeating: "[", count: 512) + String(repeating: "]", count: 512)).map { UInt8($0.asciiValue!) }
        #expect(refusal(JSONValue.self, ok) == nil)
        let deep = Array(String(repeating: "[", count: 513) + String(repeating: "]", count: 513)).map { UInt8($0.asciiValue!) }
        #expect(refusal(JSONValue.self, deep) == FastJSONError(offset: 512, reason: "nested deeper than 512 levels"))
        let flood = [UInt8](repeating: UInt8(ascii: "{"), count: 1_000_000)
        #expect(refusal(JSONValue.self, flood)?.offset == 0 || refusal(JSONValue.self, flood)?.offset == 1)
    }

    @Test func hugeNumbers_ParseButDoNotFit() throws {
        let long = Array(("[" + String(repeating: "9", count: 400) + "]").utf8)
        #expect(refusal([Int].self, long)?.offset == 1)
        #expect(refusal([Double].self, long)?.offset == 1)
        #expect(refusal([Double].self, Array("[1e999999]".utf8))?.reason == "the number 1e999999 is not representable in Double")
        #expect(refusal([Double].self, Array("[1e-999999]".utf8)) == nil)
    }

    @Test(arguments: [
        ([0x22, 0xFF, 0x22], 1, "invalid UTF-8 (byte 0xff)"),
        ([0x22, 0xC0, 0x80, 0x22], 1, "invalid UTF-8 (byte 0xc0)"),
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1, "invalid UTF-8 sequence"),
        ([0x22, 0x61, 0xE2, 0x82, 0x22], 2, "invalid UTF-8 sequence"),
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1, "invalid UTF-8 sequence"),
        ([0x22, 0x80, 0x22], 1, "invalid UTF-8 (byte 0x80)"),
        ([0x22, 0x61, 0xF0, 0x9F], 2, "invalid UTF-8 (truncated sequence)"),
    ] as [([UInt8], Int, String)])
    func invalidUTF8_IsRefusedAtItsByte(bytes: [UInt8], offset: Int, reason: String) {
        #expect(refusal(String.self, bytes) == FastJSONError(offset: offset, reason: reason))
    }

    @Test(arguments: [
        (#""\x""#, 1, #"unknown escape \'x'"#),
        (#""\u12""#, 3, #"a \u escape needs 4 hex digits"#),
        (#""\uD800""#, 1, #"a \u escape is a high surrogate without a low one"#),
        (#""\uDC00""#, 1, #"a \u escape is a low surrogate without a high one"#),
        (#""\uD800\u0041""#, 7, #"a \u escape is a high surrogate without a low one"#),
        ("\"a\tb\"", 2, "control character 0x09 in a string must be escaped"),
        ("\"abc", 0, "unterminated string"),
        ("01", 1, "a number cannot have a leading zero"),
        ("-", 1, "a digit was expected in a number"),
        ("1.", 2, "a digit was expected after '.' in a number"),
        ("1e+", 3, "a digit was expected in a number's exponent"),
        ("[1,]", 3, "unexpected ']': a value was expected"),
        ("{\"a\" 1}", 5, "unexpected '1': ':' was expected after an object key"),
        ("{1:2}", 1, "unexpected '1': an object key (a string) was expected"),
        ("[1 2]", 3, "unexpected '2': expected ',' or ']'"),
        ("true false", 5, "unexpected 'f' after the end of the document"),
        ("", 0, "unexpected end of data: a value was expected"),
        ("   ", 3, "unexpected end of data: a value was expected"),
        ("nul", 0, "unexpected 'n': a value was expected"),
        ("NaN", 0, "unexpected 'N': a value was expected"),
        ("'s'", 0, "unexpected ''': a value was expected"),
        ("[", 1, "unexpected end of data: a value was expected"),
        ("{\"a\":1", 6, "unexpected end of data inside an object"),
    ] as [(String, Int, String)])
    func syntaxErrors_NameTheirByte(text: String, offset: Int, reason: String) {
        #expect(refusal(JSONValue.self, Array(text.utf8)) == FastJSONError(offset: offset, reason: reason))
    }
}
