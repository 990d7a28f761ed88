// The journal's byte-level fast path writes exactly what JSONEncoder writes, so the on-disk
// format keeps one definition and old and new journals read the same.
import Foundation
import Testing
@testable import SwarmServer
import SwarmDomain

@Suite struct JournalJSONTests {
    /// What wrote every journal record before FastJSON did: the format's definition.
    static func foundation() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

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
        let slow = Array(try Self.foundation().encode(r))
        #expect(fast == slow, "\(String(decoding: fast, as: UTF8.self)) vs \(String(decoding: slow, as: UTF8.self))")
    }

    /// Texts are scanned eight bytes at a time: a character that needs escaping must be found
    /// at every position of a word and in the tail.
    @Test func escapes_AreFoundAtEveryPosition() throws {
        let encoder = Self.foundation()
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

    /// The other records go through FastJSON with sorted keys: the same bytes as Foundation's
    /// encoder wrote, for every kind of mutation and awkward text.
    @Test func everyOtherRecord_IsByteIdenticalToJSONEncoder() throws {
        let one = TicketID(1)
        let i = Invite(agent: "bob", skills: ["db", "net"], by: "alice", message: "m / \"q\"", at: Timestamp(seconds: 5))
        var mutations: [Mutation] = [
            .open(priority: .p1, title: "t"), .claim(ticket: one, force: "why"), .release(ticket: one),
            .takeOver(ticket: one, reason: "r", force: nil), .handoff(ticket: one, to: "bob", note: "n", receiverOffline: true),
            .acceptHandoff(ticket: one, force: nil), .declineHandoff(ticket: one, reason: nil),
            .setStatus(ticket: one, status: .blocked, note: "x", force: nil), .resolve(ticket: one, resolution: "r"),
            .reopen(ticket: one, reason: nil), .close(ticket: one), .setPriority(ticket: one, priority: .p4),
            .tag(ticket: one, add: ["a"], remove: ["b"]), .link(ticket: one, other: TicketID(2), kind: .blockedBy),
            .checkAdd(ticket: one, text: "t"), .checkMark(ticket: one, item: 1, done: true), .rate(ticket: one, score: 3, comment: nil),
            .skills(add: ["db"], remove: []), .summon(ticket: one, invites: [i], wanted: ["db"]), .acceptInvite(ticket: one),
            .declineInvite(ticket: one, reason: "busy", next: [i]), .expireInvite(ticket: one, agent: "bob", next: []),
            .mute(.board), .unmute(.ticket(one)), .clearNotices, .faqAdd(key: "k", title: "t", answer: "a", tags: ["x"]),
            .faqEdit(key: "k", title: nil, answer: "a", tags: nil), .faqRemove(key: "k"), .faqFeedback(key: "k", helped: false),
            .faqPromote(key: "k", from: CommentID(1), to: CommentID(2)),
            .staleStep(ticket: one, level: 2, quietSince: Timestamp(millis: 9), after: .minutes(30)),
            .slaAlert(ticket: one, clock: .resolution, level: .breached, target: .hours(4)),
            .assign(ticket: one, agent: "bob", reason: "least loaded"), .faqPromoteTicket(ticket: one, key: "k"),
        ]
        mutations += Self.awkward.map { .open(priority: .p2, title: $0) }
        mutations += Self.awkward.map { .resolve(ticket: one, resolution: $0) }
        let fast = JournalLine.makeEncoder(), slow = Self.foundation()
        for (k, m) in mutations.enumerated() {
            let r = JournalRecord(seq: UInt64(k + 1), at: Timestamp(millis: 1_763_859_600_123), agent: "alice", mutation: m)
            let a = try fast.encode(r), b = Array(try slow.encode(r))
            #expect(a == b, "\(String(decoding: a, as: UTF8.self)) vs \(String(decoding: b, as: UTF8.self))")
        }
        for r in richHistory() { #expect(try fast.encode(r) == Array(try slow.encode(r))) }
    }

    @Test func otherMutations_AreLeftToTheGeneralEncoder() {
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
