// `!promote #N [KEY]`: a resolved ticket's title and resolution become an FAQ entry, under a
// key given or made from the title, or a refusal saying why.
import Testing
@testable import SwarmDomain

@Suite struct PromoteTicketTests {
    let t0 = Timestamp(seconds: 1_795_000_000)
    let one = TicketID(1)

    /// #1 resolved (tagged vpn, network), #2 still open.
    func board() throws -> Board {
        var b = Board()
        _ = try b.apply(.open(priority: .p2, title: "VPN drops in Berlin"), by: "alice", at: t0)
        _ = try b.apply(.tag(ticket: one, add: ["vpn", "network"], remove: []), by: "alice", at: t0)
        _ = try b.apply(.resolve(ticket: one, resolution: "raise the MTU to 1400 on the Berlin concentrator"), by: "bob", at: t0)
        _ = try b.apply(.open(priority: .p3, title: "Printer jams"), by: "alice", at: t0)
        return b
    }

    func code(_ b: inout Board, _ m: Mutation) -> String? {
        do { _ = try b.apply(m, by: "carol", at: t0); return nil } catch { return error.code }
    }

    @Test func resolvedTicket_BecomesAnEntry_WithItsTags() throws {
        var b = try board()
        let out = try b.apply(.faqPromoteTicket(ticket: one, key: "VPN-Berlin"), by: "carol", at: t0 + .hours(1))
        let e = try #require(b.faq["vpn-berlin"])
        #expect(e.title == "VPN drops in Berlin" && e.answer == "raise the MTU to 1400 on the Berlin concentrator")
        #expect(e.tags == ["network", "vpn"] && e.source == "#1" && e.author == "carol" && e.updatedAt == t0 + .hours(1))
        #expect(out.ticket == one)
        #expect(out.events.map(\.name) == ["faq.added"])
        #expect(out.events[0].text == "carol promoted #1's resolution to !faq vpn-berlin: VPN drops in Berlin")
    }

    @Test func closedTickets_CanBePromotedToo() throws {
        var b = try board()
        _ = try b.apply(.close(ticket: one), by: "lead", at: t0)
        _ = try b.apply(.faqPromoteTicket(ticket: one, key: "vpn-berlin"), by: "carol", at: t0)
        #expect(b.faq["vpn-berlin"] != nil)
    }

    @Test func refusals_SayWhy_AndChangeNothing() throws {
        var b = try board()
        _ = try b.apply(.faqAdd(key: "taken", title: "", answer: "x", tags: []), by: "a", at: t0)
        let before = b
        #expect(code(&b, .faqPromoteTicket(ticket: TicketID(2), key: "printer")) == "not-resolved")
        #expect(code(&b, .faqPromoteTicket(ticket: one, key: "taken")) == "faq-key-taken")
        #expect(code(&b, .faqPromoteTicket(ticket: one, key: "search")) == "bad-key")
        #expect(code(&b, .faqPromoteTicket(ticket: one, key: "no spaces")) == "bad-key")
        #expect(code(&b, .faqPromoteTicket(ticket: TicketID(9), key: "x")) == "no-such-ticket")
        // A resolution can only be missing from data older than /resolve's rule; say so anyway.
        b.update(TicketID(1)) { $0.resolution = nil }
        #expect(code(&b, .faqPromoteTicket(ticket: one, key: "vpn")) == "no-resolution")
        b.update(TicketID(1)) { $0.resolution = "raise the MTU to 1400 on the Berlin concentrator" }
        #expect(b == before)
        #expect(throws: SwarmError("not-resolved", "#2 is new; promote it once it is resolved (/resolve #2 RESOLUTION)")) {
            _ = try b.promotionKey(for: TicketID(2))
        }
    }

    @Test func defaultKey_IsASlugOfTheTitle_MadeUnique() throws {
        var b = try board()
        #expect(try b.promotionKey(for: one) == "vpn-drops-berlin")
        // Someone else's entry holds the slug: the next free number.
        _ = try b.apply(.faqAdd(key: "vpn-drops-berlin", title: "", answer: "other", tags: []), by: "a", at: t0)
        _ = try b.apply(.faqAdd(key: "vpn-drops-berlin-2", title: "", answer: "other", tags: []), by: "a", at: t0)
        let key = try b.promotionKey(for: one)
        #expect(key == "vpn-drops-berlin-3")
        _ = try b.apply(.faqPromoteTicket(ticket: one, key: key), by: "carol", at: t0)
        // Promoted once: a second default promotion is refused (a KEY given still works).
        #expect(throws: SwarmError("faq-key-taken", "#1 was promoted already, to !faq vpn-drops-berlin-3; give a KEY for another entry: !promote #1 KEY")) {
            _ = try b.promotionKey(for: one)
        }
        _ = try b.apply(.faqPromoteTicket(ticket: one, key: "mtu"), by: "carol", at: t0)
        #expect(b.faq["mtu"]?.source == "#1")
    }

    @Test(arguments: [
        ("VPN drops in Berlin", "vpn-drops-berlin"),
        ("Réseau Wi-Fi très lent à Zürich", "reseau-wi-fi-tres-lent-zurich"),
        ("Search", "search"),
        ("The printer: it is on fire!!", "printer-fire"),
        ("Outlook 365 crashes (KB5002700) after update on 2024-05-14, again and again and again",
         "outlook-365-crashes-kb5002700-after"),
        ("Supercalifragilisticexpialidocious-and-longer-than-forty", "supercalifragilisticexpialidocious"),
        ("!!! ??? …", nil),
        ("网络故障", nil),
    ] as [(String, String?)])
    func slug_Table(title: String, expected: String?) {
        let slug = FAQEntry.slug(title)
        #expect(slug == expected)
        if let slug { #expect(slug.count <= FAQEntry.maxKeyLength - 3 && FAQEntry.normalizedKey(slug) == slug || slug == "search") }
    }

    @Test func reservedOrSymbolOnlyTitles_GetAKeyOrAClearRefusal() throws {
        var b = Board()
        _ = try b.apply(.open(priority: .p2, title: "Search"), by: "alice", at: t0)
        _ = try b.apply(.resolve(ticket: one, resolution: "use the search box"), by: "bob", at: t0)
        _ = try b.apply(.open(priority: .p2, title: "???"), by: "alice", at: t0)
        _ = try b.apply(.resolve(ticket: TicketID(2), resolution: "nothing was wrong"), by: "bob", at: t0)
        // `search` is a !faq sub-command, so the slug moves on to a free, valid key.
        #expect(try b.promotionKey(for: one) == "search-2")
        #expect(throws: SwarmError("bad-key", "no key can be made from the title of #2; give one: !promote #2 KEY")) {
            _ = try b.promotionKey(for: TicketID(2))
        }
    }

    @Test func longTitles_AreShortenedToAnFAQTitle() throws {
        var b = Board()
        let title = String(repeating: "long words ", count: 18).trimmingSpaces  // 197 characters
        _ = try b.apply(.open(priority: .p2, title: title), by: "alice", at: t0)
        _ = try b.apply(.resolve(ticket: one, resolution: "shorter"), by: "bob", at: t0)
        _ = try b.apply(.faqPromoteTicket(ticket: one, key: "long"), by: "bob", at: t0)
        let e = try #require(b.faq["long"])
        #expect(e.title.count == FAQEntry.maxTitleLength && e.title.hasSuffix("…"))
    }
}
