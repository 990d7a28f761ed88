// The FAQ as values: folding, search ranking, closest keys, suggestions, edits and votes.
import Foundation
import Testing
@testable import SwarmDomain

@Suite struct KnowledgeBaseTests {
    let t0 = Timestamp(seconds: 1_795_000_000)

    /// A fixed corpus whose ranking the tests below spell out.
    func corpus() throws -> Board {
        var b = Board()
        let entries: [(String, String, String, [String])] = [
            ("vpn", "VPN will not connect", "Restart the client and check the gateway.", ["vpn", "remote"]),
            ("printer", "Printer offline", "Power-cycle it. The VPN is not involved.", ["print"]),
            ("wifi", "Wi-Fi drops in the office", "Forget the network; a VPN may also be slow on Wi-Fi.", ["network"]),
            ("reseau", "Réseau lent au bureau", "Redémarrez le routeur.", ["réseau"]),
            ("mfa-lost", "MFA device lost", "Call the desk for a Temporary Access Pass.", ["mfa", "phone"]),
            ("mfa-setup", "MFA first setup", "Install the authenticator app.", ["mfa"]),
        ]
        for (k, title, answer, tags) in entries {
            _ = try b.apply(.faqAdd(key: k, title: title, answer: answer, tags: tags), by: "lead", at: t0)
        }
        return b
    }

    @Test(arguments: [
        ("Réseau", "reseau"), ("RÉSEAU", "reseau"), ("re\u{301}seau", "reseau"), ("Straße", "strasse"),
        ("ŁÓDŹ", "lodz"), ("Œuvre", "oeuvre"), ("plain ASCII", "plain ascii"),
    ])
    func folding_IgnoresCaseAndAccents(input: String, folded: String) {
        #expect(TextFolding.fold(input) == folded)
    }

    @Test func keywords_DropStopWordsAndDuplicates() {
        #expect(TextFolding.keywords("How do I reset my VPN, the VPN?") == ["reset", "vpn"])
    }

    @Test func search_TitleAndTagsOutweighTheAnswer() throws {
        let b = try corpus()
        // vpn: title+tag+key (6) + body? no; printer and wifi mention VPN in the body only (2).
        #expect(b.faq.search("vpn").map(\.entry.key) == ["vpn", "printer", "wifi"])
        #expect(b.faq.search("vpn").map(\.score) == [6, 2, 2])
    }

    @Test func search_DropsHitsUnderAQuarterOfTheBest() throws {
        var b = try corpus()
        // "office" and "network" are strong for wifi (title and tag: 12); "slow" only in its body.
        _ = try b.apply(.faqAdd(key: "misc", title: "Misc", answer: "office network slow", tags: []), by: "a", at: t0)
        #expect(b.faq.search("office network").map(\.entry.key) == ["wifi", "misc"])
        _ = try b.apply(.faqAdd(key: "tail", title: "Tail", answer: "office", tags: []), by: "a", at: t0)
        // tail scores 2 against wifi's 12: under a quarter, dropped.
        #expect(b.faq.search("office network").map(\.entry.key) == ["wifi", "misc"])
    }

    @Test func search_IsCaseAndAccentInsensitive() throws {
        let b = try corpus()
        #expect(b.faq.search("RESEAU").first?.entry.key == "reseau")
        #expect(b.faq.search("réseau lent").first?.entry.key == "reseau")
    }

    @Test func search_PrefixCountsHalf_AndLimitsToFive() throws {
        let b = try corpus()
        // "print" is the printer's tag (exact 6) and a prefix of "printer" in its title.
        #expect(b.faq.search("print").first?.entry.key == "printer")
        #expect(b.faq.search("vpn wifi network mfa print office").count == 5)
        #expect(b.faq.search("the and of").isEmpty)
    }

    @Test func search_TiesGoToTheEntryThatHelpedMore() throws {
        var b = try corpus()
        #expect(b.faq.search("mfa").map(\.entry.key) == ["mfa-lost", "mfa-setup"])
        _ = try b.apply(.faqFeedback(key: "mfa-setup", helped: true), by: "bob", at: t0)
        #expect(b.faq.search("mfa").map(\.entry.key) == ["mfa-setup", "mfa-lost"])
        _ = try b.apply(.faqFeedback(key: "mfa-setup", helped: false), by: "bob", at: t0)
        _ = try b.apply(.faqFeedback(key: "mfa-setup", helped: false), by: "bob", at: t0)
        #expect(b.faq.search("mfa").map(\.entry.key) == ["mfa-lost", "mfa-setup"])
    }

    @Test func closestKeys_ByPrefixThenEditDistance() throws {
        let b = try corpus()
        #expect(b.faq.closestKeys(to: "mfa") == ["mfa-lost", "mfa-setup"])
        #expect(b.faq.closestKeys(to: "prnter") == ["printer"])
        #expect(b.faq.closestKeys(to: "vnp") == ["vpn"])
        #expect(b.faq.closestKeys(to: "zzzzzzzz").isEmpty)
    }

    @Test func unknownKey_ErrorNamesTheClosestKeys() throws {
        var b = try corpus()
        #expect(throws: SwarmError("no-such-faq", "no !faq wfi; did you mean wifi?")) {
            _ = try b.apply(.faqFeedback(key: "wfi", helped: true), by: "bob", at: t0)
        }
    }

    @Test func suggestions_NeedAKeyTitleOrTagMatch_AtMostThree() throws {
        let b = try corpus()
        #expect(b.faq.suggestions(for: "VPN down for the whole sales team").map(\.key) == ["vpn"])
        #expect(b.faq.suggestions(for: "Lost phone, MFA prompts gone, VPN fails, wifi weird").count == 3)
        // "involved" only appears in an answer: no suggestion.
        #expect(b.faq.suggestions(for: "involved").isEmpty)
        let t = Ticket(id: TicketID(1), title: "MFA device lost", priority: .p2, openedBy: "a", at: t0)
        let e = try #require(Swarmbot.suggestions(for: t, at: t0, in: b.faq))
        #expect(e.name == "bot.suggest" && e.audience == .room(TicketID(1)) && e.isFromBot)
        #expect(e.text.hasPrefix("maybe useful for #1: !faq mfa-lost (MFA device lost)"))
    }

    @Test func add_RefusesTakenReservedAndBadKeys() throws {
        var b = try corpus()
        #expect(throws: SwarmError.self) { _ = try b.apply(.faqAdd(key: "VPN", title: "", answer: "x", tags: []), by: "a", at: t0) }
        #expect(throws: SwarmError.self) { _ = try b.apply(.faqAdd(key: "search", title: "", answer: "x", tags: []), by: "a", at: t0) }
        #expect(throws: SwarmError.self) { _ = try b.apply(.faqAdd(key: "a b", title: "", answer: "x", tags: []), by: "a", at: t0) }
        #expect(throws: SwarmError.self) { _ = try b.apply(.faqAdd(key: "ok", title: "", answer: "  ", tags: []), by: "a", at: t0) }
        let before = b
        _ = try? b.apply(.faqAdd(key: "vpn", title: "", answer: "again", tags: []), by: "a", at: t0)
        #expect(b == before)
        let out = try b.apply(.faqAdd(key: "New-Key", title: "", answer: "x", tags: ["Ünï"]), by: "a", at: t0)
        #expect(b.faq["new-key"]?.title == "new key")
        #expect(b.faq["new-key"]?.tags == ["uni"])
        #expect(out.events.map(\.name) == ["faq.added"])
    }

    /// Tags are the words /tag takes (after case and accent folding); anything else, too many,
    /// or a stray `|` from `TITLE | ANSWER | TAGS | more` is refused where it is typed. The
    /// board itself only folds, so a journal written under older rules still replays.
    @Test func typedTags_MustBeWords() throws {
        for tags in [["bad!tag"], ["☃"], [String(repeating: "z", count: 33)], ["ok", "|", "more"],
                     (0...FAQEntry.maxTags).map { "t\($0)" }] {
            #expect(throws: SwarmError.self) { _ = try FAQEntry.checkedTags(tags) }
        }
        #expect(throws: SwarmError.self) { _ = try FAQText(parsing: "T | A | c | d") }
        #expect(throws: SwarmError.self) { _ = try FAQText(parsing: "New | ans | x|y") }
        #expect(try FAQEntry.checkedTags(["Réseau", "DNS", "dns", "c++", " "]) == ["reseau", "dns", "c++"])
        var b = try corpus()
        _ = try b.apply(.faqAdd(key: "legacy", title: "", answer: "x", tags: ["Old!Tag"]), by: "a", at: t0)
        #expect(b.faq["legacy"]?.tags == ["old!tag"])
    }

    @Test func edit_KeepsTitleWhenOmitted_AndResetsVotes() throws {
        var b = try corpus()
        _ = try b.apply(.faqFeedback(key: "vpn", helped: false), by: "a", at: t0)
        _ = try b.apply(.faqEdit(key: "vpn", title: nil, answer: "New answer", tags: nil), by: "lead", at: t0 + .days(1))
        let e = try #require(b.faq["vpn"])
        #expect(e.title == "VPN will not connect" && e.answer == "New answer" && e.notHelped == 0)
        #expect(e.updatedAt == t0 + .days(1) && e.author == "lead" && e.tags == ["vpn", "remote"])
        _ = try b.apply(.faqRemove(key: "VPN"), by: "lead", at: t0)
        #expect(b.faq["vpn"] == nil)
    }

    @Test func review_ListsOldAndDisputedEntries() throws {
        var b = try corpus()
        _ = try b.apply(.faqEdit(key: "wifi", title: nil, answer: "fresh", tags: nil), by: "lead", at: t0 + .days(95))
        _ = try b.apply(.faqFeedback(key: "wifi", helped: false), by: "a", at: t0)
        let now = t0 + .days(95)
        #expect(b.faq.needingReview(now: now, after: .days(90)).map(\.key) == ["mfa-lost", "mfa-setup", "printer", "reseau", "vpn", "wifi"])
        #expect(b.faq.needingReview(now: t0 + .days(10), after: .days(90)).map(\.key) == ["wifi"])
    }

    @Test func decodedKnowledgeBase_SearchesLikeTheOriginal() throws {
        let b = try corpus()
        let copy = try JSONDecoder().decode(Board.self, from: JSONEncoder().encode(b))
        #expect(copy == b)
        #expect(copy.faq.search("réseau vpn").map(\.entry.key) == b.faq.search("réseau vpn").map(\.entry.key))
        #expect(copy.faq.search("vpn").map(\.score) == [6, 2, 2])
    }

    @Test func faqText_ParsesTitleAnswerAndTags() throws {
        #expect(try FAQText(parsing: "just an answer") == FAQText(title: nil, answer: "just an answer", tags: nil))
        #expect(try FAQText(parsing: "Title | the answer") == FAQText(title: "Title", answer: "the answer", tags: nil))
        #expect(try FAQText(parsing: "T | a | x, y z") == FAQText(title: "T", answer: "a", tags: ["x", "y", "z"]))
    }

    @Test func import_SkipsTakenAndInvalidEntries() throws {
        var b = try corpus()
        let entries = [
            FAQEntry(key: "vpn", title: "other", answer: "other", author: "swarmbot", updatedAt: t0),
            FAQEntry(key: "Disk", title: "Disk full", answer: "clean up", author: "swarmbot", updatedAt: t0),
            FAQEntry(key: "bad key", title: "x", answer: "y", author: "swarmbot", updatedAt: t0),
        ]
        _ = try b.apply(.faqImport(entries: entries), by: AgentName.bot, at: t0)
        #expect(b.faq.count == 7)
        #expect(b.faq["vpn"]?.title == "VPN will not connect")
        #expect(b.faq["disk"]?.key == "disk")
    }
}

extension FAQText {
    init(title: String?, answer: String, tags: [String]?) {
        try! self.init(parsing: "")
        self.title = title
        self.answer = answer
        self.tags = tags
    }
}
