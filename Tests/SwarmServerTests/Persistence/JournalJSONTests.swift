// The journal's byte-level fast path writes exactly what JSONEncoder writes, so the on-disk
// format keeps one definition and old and new journals read the same.
import Foundation
import Testing
@testable import SwarmServer
import SwarmDomain

@Suite struct JournalJSONTests {
    /// Every ASCII byte (controls, quote, backslash, slash, DEL), non-ASCII and the separators.
    static let awkward: [String] = [
        "", "plain words", "quote \" backslash \\ slash / end",
        String(String.UnicodeScalarView((0..<128).map { Unicode.Scalar(UInt8($0)) })),
        "ünïcode ✓ 😀 \u{2028}\u{2029} \u{202E}rtl", "tab\there\r\nnew line\u{8}\u{C}",
    ]

    static func records() -> [JournalRecord] {
        var out: [JournalRecord] = []
        for (i, text) in awkward.enumerated() {
            out.append(JournalRecord(seq: UInt64(i + 1), at: Timestamp(millis: 1_763_859_600_123 + Int64(i)), agent: "alice",
                                     mutation: .comment(ticket: TicketID(i * 1000 + 1), text: text)))
            out.append(JournalRecord(seq: UInt64.max - UInt64(i), at: Timestamp(millis: -Int64(i) * 1001), agent: text,
                                     mutation: .register(name: text)))
        }
        return out
    }

    @Test(arguments: records())
    func hotRecord_IsByteIdenticalToJSONEncoder(_ r: JournalRecord) throws {
        var fast: [UInt8] = []
        #expect(JournalJSON.append(r, to: &fast))
        let slow = Array(try JournalLine.makeEncoder().encode(r))
        #expect(fast == slow, "\(String(decoding: fast, as: UTF8.self)) vs \(String(decoding: slow, as: UTF8.self))")
    }

    /// Texts are scanned eight bytes at a time: a character that needs escaping must be found
    /// at every position of a word and in the tail.
    @Test func escapes_AreFoundAtEveryPosition() throws {
        let encoder = JournalLine.makeEncoder()
        for special in ["\"", "\\", "\n", "\u{01}", "\u{1F}", "é", "/"] {
            for position in 0..<20 {
                var chars = Array(repeating: "a", count: 20)
                chars[position] = special
                let text = chars.joined()
                let r = JournalRecord(seq: 1, at: Timestamp(millis: 2), agent: "a", mutation: .comment(ticket: TicketID(1), text: text))
                var fast: [UInt8] = []
                #expect(JournalJSON.append(r, to: &fast))
                #expect(fast == Array(try encoder.encode(r)), "\(special.unicodeScalars.first!.value) at \(position)")
            }
        }
    }

    @Test func otherMutations_AreLeftToJSONEncoder() {
        var out: [UInt8] = []
        let r = JournalRecord(seq: 3, at: Timestamp(millis: 5), agent: "bob", mutation: .open(priority: .p1, title: "t"))
        #expect(!JournalJSON.append(r, to: &out))
        #expect(out.isEmpty)
    }

    @Test func appendedLines_DecodeBackToTheSameRecords() throws {
        let records = Self.records() + richHistory()
        var bytes: [UInt8] = []
        for r in records { try JournalLine.append(r, to: &bytes, with: JournalLine.makeEncoder()) }
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == records.count)
        for (line, r) in zip(lines, records) {
            guard case .success(let back) = JournalLine.decode(line, with: JSONDecoder()) else {
                Issue.record("line does not decode: \(String(decoding: line, as: UTF8.self))")
                continue
            }
            #expect(back == r)
        }
    }
}
