// The README's reference is generated from the tables; these tests fail when it drifts.
import Foundation
import Testing
@testable import SwarmServer

@Suite struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func section(_ marker: String) throws -> String {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- BEGIN \(marker) -->\n"))
        let end = try #require(readme.range(of: "<!-- END \(marker) -->"))
        return String(readme[begin.upperBound..<end.lowerBound])
    }

    @Test func commandReference_MatchesTheCommandTable() throws {
        #expect(try Self.section("COMMANDS") == CommandTable.markdownReference(), "run Scripts/update-readme")
    }

    @Test func flagReference_MatchesTheFlagTable() throws {
        #expect(try Self.section("FLAGS") == Flags.markdownReference(), "run Scripts/update-readme")
    }

    /// Every error code the sources can produce has a row in the README's error table.
    @Test func everyErrorCode_IsDocumented() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        // Codes built as SwarmError("code", …) and codes written straight into raw lines ("ERR code …").
        let pattern = try NSRegularExpression(pattern: #"SwarmError\("([a-z][a-z-]+)"|"ERR ([a-z][a-z-]+) "#)
        var codes: Set<String> = []
        let sources = Self.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                for group in 1...2 {
                    if let r = Range(m.range(at: group), in: text) { codes.insert(String(text[r])) }
                }
            }
        }
        #expect(codes.count > 10)
        for code in codes.sorted() {
            #expect(readme.contains("| `\(code)` |"), "error code \(code) is not in the README's error table")
        }
    }
}
