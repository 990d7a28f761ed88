// `!promote ^A..^B KEY`: a range of one ticket's comments becomes an FAQ entry, or a clear refusal.
import Testing
@testable import SwarmDomain

@Suite struct PromoteTests {
    let t0 = Timestamp(seconds: 1_795_000_000)

    /// #1 has comments ^1 ^2 ^4 ^5, #2 has ^3.
    func board() throws -> Board {
        var b = Board()
        _ = try b.apply(.open(priority: .p2, title: "VPN split tunnel breaks printing"), by: "alice", at: t0)
        _ = try b.apply(.open(priority: .p3, title: "Other"), by: "bob", at: t0)
        for (t, text) in [(1, "symptom: no printing on VPN"), (1, "cause: split tunnel excludes print server"),
                          (2, "unrelated"), (1, "fix: add 10.2.0.0/16 to the tunnel"), (1, "confirmed fixed")] {
            _ = try b.apply(.comment(ticket: TicketID(t), text: text), by: "alice", at: t0)
        }
        return b
    }

    @Test func range_BecomesAnEntry_SkippingOtherTicketsComments() throws {
        var b = try board()
        let out = try b.apply(.faqPromote(key: "vpn-print", from: CommentID(2), to: CommentID(4)), by: "carol", at: t0 + .hours(1))
        let e = try #require(b.faq["vpn-print"])
        #expect(e.title == "VPN split tunnel breaks printing")
        #expect(e.answer == "cause: split tunnel excludes print server / fix: add 10.2.0.0/16 to the tunnel")
        #expect(e.source == "#1 ^2..^4" && e.author == "carol" && e.updatedAt == t0 + .hours(1))
        #expect(out.ticket == TicketID(1))
        #expect(out.events.first?.text == "carol promoted #1 ^2..^4 to !faq vpn-print: VPN split tunnel breaks printing")
    }

    @Test(arguments: [
        (1, 3, "vpn-print", "bad-range"),        // ^3 is in #2
        (4, 2, "vpn-print", "bad-range"),        // backwards
        (1, 99, "vpn-print", "no-such-comment"),
        (99, 100, "vpn-print", "no-such-comment"),
        (1, 2, "search", "bad-key"),
        (1, 2, "taken", "faq-key-taken"),
    ])
    func refusals_SayWhy_AndChangeNothing(from: Int, to: Int, key: String, code: String) throws {
        var b = try board()
        _ = try b.apply(.faqAdd(key: "taken", title: "", answer: "x", tags: []), by: "a", at: t0)
        let before = b
        do {
            _ = try b.apply(.faqPromote(key: key, from: CommentID(from), to: CommentID(to)), by: "carol", at: t0)
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code)
        }
        #expect(b == before)
    }

    @Test func singleComment_IsARangeOfOne() throws {
        var b = try board()
        _ = try b.apply(.faqPromote(key: "one", from: CommentID(5), to: CommentID(5)), by: "carol", at: t0)
        #expect(b.faq["one"]?.answer == "confirmed fixed")
    }

    @Test func tooManyComments_AreRefused() throws {
        var b = Board()
        _ = try b.apply(.open(priority: .p2, title: "Long"), by: "alice", at: t0)
        for i in 1...51 { _ = try b.apply(.comment(ticket: TicketID(1), text: "line \(i)"), by: "alice", at: t0) }
        #expect(throws: SwarmError.self) {
            _ = try b.apply(.faqPromote(key: "long", from: CommentID(1), to: CommentID(51)), by: "a", at: t0)
        }
        _ = try b.apply(.faqPromote(key: "long", from: CommentID(2), to: CommentID(51)), by: "a", at: t0)
        #expect(b.faq["long"] != nil)
    }
}
