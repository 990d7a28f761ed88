// Text and JSON rendering of replies and events.
import Foundation
import SwarmTestSupport
import Testing
import SwarmDomain
@testable import SwarmServer

@Suite struct RenderTests {
    let at = Timestamp(millis: 1_795_000_000_000 + 14 * 3_600_000)  // some day, shifted into the afternoon

    @Test func textReply_IndentsDataLines_ThenOneStatus() {
        var r = Reply()
        r.lines = ["OK looks like a status", "ERR too"]
        r.message = "2 things"
        #expect(String(decoding: TextRenderer.reply(r), as: UTF8.self) == "  OK looks like a status\r\n  ERR too\r\nOK 2 things\r\n")
        let e = Reply(error: SwarmError("no-such-ticket", "#99 does not exist"))
        #expect(String(decoding: TextRenderer.reply(e), as: UTF8.self) == "ERR no-such-ticket #99 does not exist\r\n")
    }

    @Test func textEvents_ReadLikeChat() {
        let c = Comment(id: CommentID(17), author: "alice", text: "rebooting the VPN concentrator", at: at)
        let live = TextRenderer.line(.comment(c, on: TicketID(12), to: .room(TicketID(12))))
        #expect(live == "[#12 \(TimeText.clock(at)) ^17] alice: rebooting the VPN concentrator")
        let old = TextRenderer.line(.comment(c, on: TicketID(12), to: .room(TicketID(12)), history: true))
        #expect(old.contains(" ^17 history] alice: "))
        let action = Event("ticket.claimed", to: .roomAndFeed(TicketID(12)), at: at, ticket: TicketID(12), actor: "bob", text: "bob claimed #12")
        #expect(TextRenderer.line(action).hasSuffix("] * bob claimed #12"))
        let bot = Event.comment(Comment(id: CommentID(18), author: AgentName.bot, text: "see faq vpn", at: at), on: TicketID(12), to: .room(TicketID(12)))
        #expect(TextRenderer.line(bot).hasSuffix("] swarmbot (bot): see faq vpn"))
    }

    /// The documented line format, spelled with Strings: the byte renderer must match it for
    /// every combination of board/ticket, comment id, history, bot and actor.
    static func documentedLine(_ e: Event) -> String {
        let secs = Int(e.at.millis / 1000)
        let day = ((secs % 86_400) + 86_400) % 86_400
        let clock = String(format: "%02d:%02d", day / 3600, day % 3600 / 60)
        var head = "[" + (e.ticket.map { "#\($0.value) " } ?? "board ") + clock
        if let c = e.comment { head += " ^\(c.value)" }
        if e.isHistory { head += " history" }
        head += "] "
        if e.name == "comment" { return head + (e.actor ?? "?") + (e.actor == AgentName.bot ? " (bot)" : "") + ": " + e.text }
        return head + (e.actor == AgentName.bot ? "swarmbot (bot): " : "* ") + e.text
    }

    @Test func textEvents_MatchTheDocumentedFormat_InEveryCombination() {
        let times: [Int64] = [0, 59_999, 3_599_999, 86_399_999, -1, -86_400_001, 1_795_000_000_000 + 23 * 3_600_000 + 59 * 60_000]
        for ms in times {
            for ticket in [nil, TicketID(1), TicketID(987_654_321)] {
                for comment in [nil, CommentID(1), CommentID(10), CommentID(123_456_789_012)] {
                    for history in [false, true] {
                        for actor in [nil, "alice", AgentName.bot] {
                            for name in ["comment", "ticket.claimed"] {
                                let e = Event(name, to: .feed, at: Timestamp(millis: ms), ticket: ticket, actor: actor,
                                              text: "ünïcode ✓ text", comment: comment, isHistory: history)
                                let expected = Self.documentedLine(e)
                                #expect(TextRenderer.line(e) == expected)
                                #expect(TextRenderer.event(e) == Array((expected + "\r\n").utf8))
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func decimals_MatchStringConversion() {
        for n: Int64 in [0, 7, 9, 10, 99, 100, 12_345, -1, -10, Int64.max, Int64.min, 1_763_859_600_123] {
            var out: [UInt8] = [0x2A]
            ASCII.appendDecimal(n, to: &out)
            #expect(out == [0x2A] + Array(String(n).utf8))
        }
        // Every digit count's edges (the digits are found by the largest power of ten under n),
        // and seeded random values of every size.
        var edges: [UInt64] = [0, 1, UInt64.max, UInt64.max - 1, UInt64.max / 10, UInt64.max / 10 + 1]
        var p: UInt64 = 1
        for _ in 0..<19 {
            p *= 10
            edges += [p - 1, p, p + 1]
        }
        var rng = SeededRNG(state: 0xDEC1_4A15)
        for _ in 0..<2_000 { edges.append(rng.next() >> (rng.next() % 64)) }
        for n in edges {
            var out: [UInt8] = [0x2A]
            ASCII.appendDecimal(n, to: &out)
            #expect(out == [0x2A] + Array(String(n).utf8), "\(n)")
        }
        #expect(ASCII.posted(CommentID(17), to: TicketID(3)) == "^17 posted to #3")
        #expect(ASCII.posted(CommentID(1_000_000), to: TicketID(987_654_321)) == "^1000000 posted to #987654321")
    }

    @Test func textReply_StatusForms() {
        #expect(TextRenderer.reply(Reply()) == Array("OK\r\n".utf8))
        var r = Reply()
        r.message = "^17 posted to #3"
        #expect(TextRenderer.reply(r) == Array("OK ^17 posted to #3\r\n".utf8))
        #expect(Server.notWrittenText == Array("ERR storage the change could not be written to disk and was not made\r\n".utf8))
    }

    @Test func jsonReply_EchoesIdAndParses() throws {
        var r = Reply()
        r.message = "opened #3"
        r.data = ["ticket": 3]
        let bytes = JSONRenderer.reply(r, command: "open", id: .string("req-1"))
        #expect(bytes.suffix(2) == [0x0D, 0x0A])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(bytes.dropLast(2))) as? [String: Any])
        #expect(obj["type"] as? String == "reply")
        #expect(obj["id"] as? String == "req-1")
        #expect(obj["ok"] as? Bool == true)
        #expect(obj["command"] as? String == "open")
        #expect((obj["data"] as? [String: Any])?["ticket"] as? Int == 3)
    }

    @Test func jsonEvent_EscapesEverythingOntoOneLine() throws {
        let e = Event("comment", to: .room(TicketID(1)), at: at, ticket: TicketID(1), actor: "a",
                      text: "quote \" backslash \\ newline \n tab \t bell \u{07}", comment: CommentID(2))
        let bytes = JSONRenderer.event(e)
        #expect(!bytes.dropLast(2).contains(0x0A) && !bytes.dropLast(2).contains(0x0D))
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(bytes.dropLast(2))) as? [String: Any])
        #expect(obj["text"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07}")
        #expect(obj["event"] as? String == "comment")
        #expect(obj["comment"] as? Int == 2)
    }

    @Test func isoTime_MatchesFoundation() {
        for ms in [Int64(0), 951_782_400_123, 1_795_000_000_999, 4_102_444_800_000] {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            f.timeZone = TimeZone(identifier: "UTC")
            #expect(TimeText.iso(Timestamp(millis: ms)) == f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000)))
        }
    }
}
