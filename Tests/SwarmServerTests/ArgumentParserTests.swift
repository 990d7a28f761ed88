// Parsing command arguments against their declared specs.
import Testing
import SwarmDomain
@testable import SwarmServer

@Suite struct ArgumentParserTests {
    static func spec(_ args: [ArgumentSpec]) -> CommandSpec {
        CommandSpec("test", args, role: .observer, summary: "test") { _, _ throws(SwarmError) in }
    }

    @Test(arguments: ["#12", "12"])
    func ticketIds_WithOrWithoutHash(word: String) throws {
        let a = try ArgumentParser.parse(Substring(word), for: Self.spec([.ticket()]))
        #expect(a.ticket(0) == TicketID(12))
    }

    @Test func textArgument_KeepsInnerSpacing() throws {
        let a = try ArgumentParser.parse("  #3   the  disk   is full ", for: Self.spec([.ticket(), .text("TEXT")]))
        #expect(a.ticket(0) == TicketID(3))
        #expect(a.text(1) == "the  disk   is full")
    }

    @Test func missingRequiredArgument_IsAUsageError() {
        #expect(throws: SwarmError.self) { try ArgumentParser.parse("", for: Self.spec([.ticket()])) }
        do {
            _ = try ArgumentParser.parse("", for: Self.spec([.priority(), .text("TITLE")]))
        } catch {
            #expect(error.code == "usage")
            #expect(error.message.contains("usage: /test P1..P4 TITLE"))
        }
    }

    @Test func leftoverWords_AreRefused() {
        do {
            _ = try ArgumentParser.parse("#1 extra", for: Self.spec([.ticket()]))
            Issue.record("extra word accepted")
        } catch {
            #expect(error.code == "usage")
            #expect(error.message.contains("unexpected \"extra\""))
        }
    }

    @Test(arguments: [("P1", Priority.p1), ("p2", .p2), ("normal", .p3), ("LOW", .p4), ("critical", .p1)])
    func priorities_InEitherSpelling(word: String, expected: Priority) throws {
        let a = try ArgumentParser.parse(Substring(word), for: Self.spec([.priority()]))
        #expect(a.priority(0) == expected)
    }

    @Test(arguments: ["P5", "#0", "abc", "#-1", "99999999999"])
    func badTickets_AreRefused(word: String) {
        #expect(throws: SwarmError.self) { try ArgumentParser.parse(Substring(word), for: Self.spec([.ticket()])) }
    }

    @Test func optionalTicket_CanBeOmitted() throws {
        let a = try ArgumentParser.parse("", for: Self.spec([.ticket(optional: true)]))
        #expect(a.ticket(0) == nil)
        let b = try ArgumentParser.parse("#4", for: Self.spec([.ticket(optional: true)]))
        #expect(b.ticket(0) == TicketID(4))
    }

    @Test func choice_IsCaseInsensitive_AndRefusesOthers() throws {
        let a = try ArgumentParser.parse("JSON", for: Self.spec([.choice(["text", "json"])]))
        #expect(a.text(0) == "json")
        #expect(throws: SwarmError.self) { try ArgumentParser.parse("xml", for: Self.spec([.choice(["text", "json"])])) }
    }
}

extension ArgumentParser {
    /// The parser reads a line's bytes; tests write words.
    static func parse(_ words: Substring, for spec: CommandSpec) throws(SwarmError) -> Arguments {
        let result = Array(words.utf8).withUnsafeBufferPointer { parse($0, for: spec) }
        return try result.get()
    }
}
