// Looking commands up by the bytes of their typed name.
import Testing
@testable import SwarmServer

@Suite struct CommandIndexTests {
    static func find(_ name: String, in index: CommandIndex = CommandTable.slashIndex) -> CommandSpec? {
        Array(name.utf8).withUnsafeBufferPointer { index.find($0) }
    }

    @Test func everyCommandIsFound_UnderItsOwnName() {
        for spec in CommandTable.slash { #expect(Self.find(spec.name) === spec) }
        for spec in CommandTable.bang { #expect(Self.find(spec.name, in: CommandTable.bangIndex) === spec) }
        // The two tables are apart: `/faq` is not `!faq`.
        #expect(Self.find("faq") == nil)
        #expect(Self.find("faq", in: CommandTable.bangIndex)?.prefix == .bang)
    }

    @Test func capitalsFold_AsLowercasedDid() {
        #expect(Self.find("PING")?.name == "ping")
        #expect(Self.find("Claim")?.name == "claim")
        #expect(Self.find("hElLo")?.name == "hello")
    }

    @Test func nonASCIINames_TakeTheUnicodeWay() {
        // U+212A KELVIN SIGN lower-cases to an ASCII "k", so "/lin\u{212A}" was /link before and still is.
        let link = CommandTable.slashByName["link"]
        #expect(link != nil)
        #expect(Self.find("lin\u{212A}") === link)
        #expect(Self.find("pïng") == nil)
    }

    @Test func unknownEmptyAndOverlongNames_AreNotFound() {
        #expect(Self.find("") == nil)
        #expect(Self.find("pin") == nil)
        #expect(Self.find("pingg") == nil)
        #expect(Self.find("ping\u{0}") == nil)
        #expect(Self.find(String(repeating: "a", count: 17)) == nil)
        #expect(Self.find("p" + String(repeating: "i", count: 40) + "ng") == nil)
    }

    @Test func namesThatShareTheirFirstEightBytes_AreTold() {
        let long = CommandTable.all.filter { $0.name.utf8.count > 8 }
        #expect(!long.isEmpty)
        for spec in long {
            let index = spec.prefix == .slash ? CommandTable.slashIndex : CommandTable.bangIndex
            // The same first eight bytes with a different tail must not find it.
            #expect(Self.find(String(spec.name.prefix(8)) + "zz", in: index) !== spec)
            #expect(Self.find(String(spec.name.prefix(8)), in: index) !== spec)
            #expect(Self.find(spec.name.uppercased(), in: index) === spec)
        }
    }
}
