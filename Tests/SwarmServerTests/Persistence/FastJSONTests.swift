// FastJSON against Foundation: the same values come back, whichever codec wrote them, and the
// text is JSON Foundation reads.
import Foundation
import Testing
@testable import SwarmServer
import SwarmDomain

/// Encodes with each codec and decodes with each: all four ways must give `value` back.
func expectBothCodecsAgree<T: Codable & Equatable>(_ value: T, _ comment: Testing.Comment? = nil,
                                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
    let fast = try FastJSONEncoder().encode(value)
    let foundation = try JSONEncoder().encode(value)
    #expect(try FastJSONDecoder().decode(T.self, from: fast) == value, comment, sourceLocation: sourceLocation)
    #expect(try JSONDecoder().decode(T.self, from: Data(fast)) == value, comment, sourceLocation: sourceLocation)
    #expect(try FastJSONDecoder().decode(T.self, from: [UInt8](foundation)) == value, comment, sourceLocation: sourceLocation)
}

@Suite struct FastJSONTests {
    @Test func richBoard_RoundTripsThroughBothCodecs() throws {
        try expectBothCodecsAgree(try board(after: richHistory()))
    }

    /// The property test: random boards with every kind of state and awkward text.
    @Test func randomBoards_DecodeEquallyThroughBothCodecs() throws {
        for seed in UInt64(1)...40 {
            let b = RandomBoards.board(seed: seed)
            #expect(b.ticketCount > 10)
            try expectBothCodecsAgree(b, "seed \(seed)")
        }
    }

    @Test func everyMutation_RoundTrips() throws {
        let one = TicketID(1)
        let i = Invite(agent: "bob", skills: ["db"], by: "alice", message: "m", at: Timestamp(seconds: 5))
        let all: [Mutation] = [
            .register(name: "a"), .open(priority: .p1, title: "t"), .comment(ticket: one, text: "c\n\"q\""),
            .claim(ticket: one, force: "why"), .release(ticket: one), .takeOver(ticket: one, reason: "r", force: nil),
            .handoff(ticket: one, to: "bob", note: "n", receiverOffline: true), .acceptHandoff(ticket: one, force: nil),
            .declineHandoff(ticket: one, reason: nil), .setStatus(ticket: one, status: .blocked, note: "x", force: nil),
            .resolve(ticket: one, resolution: "r"), .reopen(ticket: one, reason: nil), .close(ticket: one),
            .setPriority(ticket: one, priority: .p4), .tag(ticket: one, add: ["a"], remove: ["b"]),
            .link(ticket: one, other: TicketID(2), kind: .blockedBy), .checkAdd(ticket: one, text: "t"),
            .checkMark(ticket: one, item: 1, done: true), .rate(ticket: one, score: 3, comment: nil),
            .skills(add: ["db"], remove: []), .summon(ticket: one, invites: [i], wanted: ["db"]),
            .acceptInvite(ticket: one), .declineInvite(ticket: one, reason: "busy", next: [i]),
            .expireInvite(ticket: one, agent: "bob", next: []), .mute(.board), .unmute(.ticket(one)), .clearNotices,
            .faqAdd(key: "k", title: "t", answer: "a", tags: []), .faqEdit(key: "k", title: nil, answer: "a", tags: nil),
            .faqRemove(key: "k"), .faqFeedback(key: "k", helped: false), .faqPromote(key: "k", from: CommentID(1), to: CommentID(2)),
            .staleStep(ticket: one, level: 2, quietSince: Timestamp(millis: 9), after: .minutes(30)),
        ]
        try expectBothCodecsAgree(all)
        for r in richHistory() { try expectBothCodecsAgree(r) }
    }

    struct Numbers: Codable, Equatable {
        var i = Int.min, j = Int.max, u = UInt64.max, i8 = Int8.min, u8 = UInt8.max, i16 = Int16.min, u16 = UInt16.max
        var i32 = Int32.min, u32 = UInt32.max, zero = 0
        var doubles = [0.1, -2.5, 1e-300, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 123456789.125, 1, -0.0, 3e20]
        var floats: [Float] = [0.1, 3.4e38, -1]
        var flags = [true, false]
    }

    struct Optionals: Codable, Equatable {
        var present: String? = "x"
        var absent: Int? = nil
        var list: [Int?] = [1, nil, 3]
        var nested: [[String]] = [[], ["a"], ["b", "c"]]
        var empty = ""
    }

    struct Mixed: Codable, Equatable {
        var byName: [String: Int] = ["b": 2, "a": 1, "ü": 3, "": 0]
        var byNumber: [Int: String] = [10: "ten", 2: "two"]
        var data = Data([0, 1, 2, 250, 255])
        var url = URL(string: "https://example.com/a?b=c")!
        var date = Date(timeIntervalSince1970: 1_700_000_000.25)
        var json: JSONValue = .object(["a": .array([.int(1), .double(2.5), .string("s"), .bool(true), .null]), "o": .object([:])])
        var strings = RandomBoards.awkward + ["\u{1F600}", "\\u0041", "a\u{0}b", String(repeating: "long ", count: 200_000)]
    }

    @Test func smallValues_RoundTripThroughBothCodecs() throws {
        try expectBothCodecsAgree(Numbers())
        try expectBothCodecsAgree(Optionals())
        try expectBothCodecsAgree(Mixed())
        try expectBothCodecsAgree([String: [Int]]())
        try expectBothCodecsAgree("top-level string")
        try expectBothCodecsAgree(42)
    }

    @Test func output_IsJSONFoundationParses_WithAbsentOptionalsLeftOut() throws {
        let text = String(decoding: try FastJSONEncoder().encode(Optionals()), as: UTF8.self)
        #expect(text == #"{"present":"x","list":[1,null,3],"nested":[[],["a"],["b","c"]],"empty":""}"#)
        #expect(try JSONSerialization.jsonObject(with: Data(try FastJSONEncoder().encode(Mixed()))) is [String: Any])
    }

    @Test func keyOrder_DictionariesSortedByDefault_EverythingWhenAsked() throws {
        struct S: Codable { var z = 1; var a = ["y": 1, "b": 2, "m": 3] }
        #expect(String(decoding: try FastJSONEncoder().encode(S()), as: UTF8.self) == #"{"z":1,"a":{"b":2,"m":3,"y":1}}"#)
        #expect(String(decoding: try FastJSONEncoder(keyOrder: .sorted).encode(S()), as: UTF8.self) == #"{"a":{"b":2,"m":3,"y":1},"z":1}"#)
        // Same board, same bytes, whatever the dictionaries' hash order.
        let b = RandomBoards.board(seed: 7)
        #expect(try FastJSONEncoder().encode(b) == (try FastJSONEncoder().encode(try FastJSONDecoder().decode(Board.self, from: FastJSONEncoder().encode(b)))))
    }

    @Test func escapes_AreJSONs() throws {
        let text = String(decoding: try FastJSONEncoder().encode("q\" b\\ n\n t\t nul\u{0} \u{1F} / é"), as: UTF8.self)
        #expect(text == #""q\" b\\ n\n t\t nul\u0000 \u001f / é""#)
        #expect(try FastJSONDecoder().decode(String.self, from: Array(#""\/\b\f\u00e9\ud83d\ude00""#.utf8)) == "/\u{8}\u{C}é😀")
    }

    @Test func numbers_DecodeOnlyWhenExact() throws {
        func int(_ s: String) throws -> Int { try FastJSONDecoder().decode(Int.self, from: Array(s.utf8)) }
        #expect(try int("1e2") == 100)
        #expect(try int("-0") == 0)
        #expect(throws: DecodingError.self) { try int("1.5") }
        #expect(throws: DecodingError.self) { try int("99999999999999999999") }
        #expect(throws: DecodingError.self) { try FastJSONDecoder().decode(UInt8.self, from: Array("256".utf8)) }
        #expect(throws: DecodingError.self) { try FastJSONDecoder().decode(UInt.self, from: Array("-1".utf8)) }
        #expect(try FastJSONDecoder().decode(Double.self, from: Array("99999999999999999999".utf8)) == 1e20)
        #expect(throws: DecodingError.self) { try FastJSONDecoder().decode(Double.self, from: Array("1e400".utf8)) }
        #expect(throws: DecodingError.self) { try FastJSONDecoder().decode(Float.self, from: Array("1e39".utf8)) }
    }

    @Test func typeErrors_NameThePathAndTheByte() throws {
        let bytes = Array(#"{"a":[{"id":1},{"id":"two"}]}"#.utf8)
        struct Item: Codable { var id: Int }
        struct Doc: Codable { var a: [Item] }
        do {
            _ = try FastJSONDecoder().decode(Doc.self, from: bytes)
            Issue.record("a string decoded as an Int")
        } catch {
            let (offset, reason) = FastJSONError.summary(of: error)
            #expect(offset == 21)
            #expect(reason == "expected Int but found a string (at a.1.id)")
        }
        do {
            _ = try FastJSONDecoder().decode(Doc.self, from: Array(#"{"a":[{}]}"#.utf8))
            Issue.record("a missing key decoded")
        } catch DecodingError.keyNotFound(let key, let context) {
            #expect(key.stringValue == "id")
            #expect(context.codingPath.map(\.stringValue) == ["a", "Index 0"])
        }
    }

    @Test func encodeErrors_LeaveTheBufferAsItWas() throws {
        var out = Array("prefix".utf8)
        #expect(throws: EncodingError.self) { try FastJSONEncoder().encode([1.0, .nan], appendingTo: &out) }
        #expect(out == Array("prefix".utf8))
        try FastJSONEncoder().encode([1, 2], appendingTo: &out)
        #expect(String(decoding: out, as: UTF8.self) == "prefix[1,2]")
    }

    /// A streamed encode cuts its pieces only where the text before is final: between array
    /// elements, never inside a dictionary whose members are sorted when it closes. Whatever
    /// the piece size, the pieces put together are the text encoded whole.
    @Test func streamedEncode_IsTheWholeText_CutBetweenElements() throws {
        struct Doc: Codable, Equatable {
            var list: [[Int]]
            var byName: [String: [[String]]]
            var tail: String
        }
        let doc = Doc(list: (0..<50).map { Array(0..<$0 % 7) },
                      byName: Dictionary(uniqueKeysWithValues: (0..<20).map { ("k\(19 - $0)", [["x\($0)"], ["y", "z"]]) }),
                      tail: "end")
        let whole = try FastJSONEncoder().encode(doc)
        for piece in [1, 7, 64, Int.max] {
            var pieces: [[UInt8]] = []
            try FastJSONEncoder().encode(doc, after: Array("<".utf8), piece: piece) { pieces.append(Array($0)) }
            #expect(pieces.joined().elementsEqual(Array("<".utf8) + whole), "piece size \(piece)")
            // Every cut falls after a comma or an opening bracket: between two elements of an array.
            for p in pieces.dropLast() { #expect(p.last == UInt8(ascii: ",") || p.last == UInt8(ascii: "["), "piece size \(piece)") }
            if piece == 1 { #expect(pieces.count > 50, "cut less often than asked") }
            if piece == .max { #expect(pieces.count == 1) }
        }
        #expect(try FastJSONDecoder().decode(Doc.self, from: whole) == doc)
    }

    /// An error from where the pieces go ends the encode at once and comes back to the caller.
    @Test func streamedEncode_StopsAtTheFirstErrorOfItsOutput() throws {
        struct Full: Error {}
        var handed = 0
        #expect(throws: Full.self) {
            try FastJSONEncoder().encode(Array(0..<1000), after: [], piece: 10) { _ in
                handed += 1
                if handed == 3 { throw Full() }
            }
        }
        #expect(handed == 3)
    }

    /// Synthesized code never goes back to a nested container; hand-written code that does is
    /// told so, instead of getting JSON in the wrong place.
    @Test func nestedContainerUsedLate_IsAnError() throws {
        struct Late: Encodable {
            enum K: CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: K.self)
                var nested = c.nestedUnkeyedContainer(forKey: .a)
                try c.encode(1, forKey: .b)
                try nested.encode(2)
            }
        }
        #expect(throws: EncodingError.self) { try FastJSONEncoder().encode(Late()) }
    }

    class Base: Codable, Equatable {
        var x = 1
        static func == (a: Base, b: Base) -> Bool { a.x == b.x && type(of: a) == type(of: b) }
    }
    final class Derived: Base {
        var y = "y"
        enum K: CodingKey { case y }
        override init() { super.init() }
        required init(from decoder: any Decoder) throws {
            y = try decoder.container(keyedBy: K.self).decode(String.self, forKey: .y)
            try super.init(from: try decoder.container(keyedBy: K.self).superDecoder())
        }
        override func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: K.self)
            try c.encode(y, forKey: .y)
            try super.encode(to: c.superEncoder())
        }
    }

    @Test func superEncoders_MatchFoundation() throws {
        let d = Derived()
        d.x = 7
        d.y = "why"
        let fast = try FastJSONEncoder().encode(d)
        #expect(String(decoding: fast, as: UTF8.self) == #"{"y":"why","super":{"x":7}}"#)
        let back = try FastJSONDecoder().decode(Derived.self, from: fast)
        #expect(back.x == 7 && back.y == "why")
        let viaFoundation = try FastJSONDecoder().decode(Derived.self, from: [UInt8](try JSONEncoder().encode(d)))
        #expect(viaFoundation.x == 7 && viaFoundation.y == "why")
    }
}
