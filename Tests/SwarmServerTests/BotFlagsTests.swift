// The bot's flags and the starter FAQ file as the server reads them.
import Foundation
import Testing
@testable import SwarmServer
import SwarmDomain

@Suite struct BotFlagsTests {
    @Test func durations_ParseLikeEverywhereElse() throws {
        guard case .run(let c) = try Flags.parse(["--stale-after", "45s", "--faq-review-after=2d", "--faq-seed", ""], environment: [:]) else {
            Issue.record("expected run"); return
        }
        #expect(c.policy.staleAfter == .seconds(45) && c.faqReviewAfter == .days(2) && c.faqSeedPath == nil)
        guard case .run(let d) = try Flags.parse([], environment: ["SWARMLINE_STALE_AFTER": "4h"]) else { return }
        #expect(d.policy.staleAfter == .hours(4) && d.faqReviewAfter == .days(90) && d.faqSeed == .builtIn)
        #expect(throws: FlagError.self) { _ = try Flags.parse(["--stale-after", "soon"], environment: [:]) }
    }

    @Test func assignRule_FromFlagOrEnvironment_DefaultLeastLoaded() throws {
        guard case .run(let d) = try Flags.parse([], environment: [:]) else { Issue.record("expected run"); return }
        #expect(d.assignRule == .leastLoaded)
        guard case .run(let e) = try Flags.parse([], environment: ["SWARMLINE_ASSIGN": "round-robin"]) else { return }
        #expect(e.assignRule == .roundRobin)
        // A flag beats its variable.
        guard case .run(let f) = try Flags.parse(["--assign", "least-loaded"], environment: ["SWARMLINE_ASSIGN": "round-robin"]) else { return }
        #expect(f.assignRule == .leastLoaded)
        do {
            _ = try Flags.parse(["--assign=random"], environment: [:])
            Issue.record("--assign=random was accepted")
        } catch {
            #expect(error.description == "--assign is least-loaded or round-robin")
        }
    }

    @Test func starterFile_DecodesEveryEntry_WithUsefulAnswers() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Deploy/faq.json")
        let now = Timestamp(seconds: 1_795_000_000)
        let entries = try FAQSeed.entries(from: Data(contentsOf: path), at: now)
        #expect(entries.count >= 15)
        var board = Board()
        _ = try board.apply(.faqImport(entries: entries), by: AgentName.bot, at: now)
        // Every entry survived validation (valid key, one-line answer within limits).
        #expect(board.faq.count == entries.count)
        #expect(entries.allSatisfy { $0.answer.count >= 200 && !$0.tags.isEmpty })
    }

    @Test func builtInSet_DecodesToTheFilesEntries() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Deploy/faq.json")
        let now = Timestamp(seconds: 1_795_000_000)
        let fromFile = try FAQSeed.entries(from: Data(contentsOf: path), at: now)
        let builtIn = try FAQSeed.entries(from: Data(FAQStarterSet.json.utf8), at: now)
        #expect(builtIn == fromFile, "run Scripts/embed-faq")
        #expect(try Flags.parse(["--faq-seed", "built-in"], environment: [:]).config?.faqSeed == .builtIn)
        #expect(try Flags.parse(["--faq-seed", "x.json"], environment: [:]).config?.faqSeed == .file("x.json"))
    }
}

extension Invocation {
    var config: Config? { if case .run(let c) = self { c } else { nil } }
}
