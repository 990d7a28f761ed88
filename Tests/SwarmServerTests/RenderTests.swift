// Text and JSON rendering of replies and events.
import Foundation
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
