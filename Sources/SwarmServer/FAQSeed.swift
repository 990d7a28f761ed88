// The FAQ starter set (`Deploy/faq.json`): found, decoded, and loaded into an empty board
// through the one mutation chokepoint, so the journal records it like any other change.
//
// Why the search upwards: `swift run -c release swarmline` from the repository root finds
// `Deploy/faq.json` in the current folder; a binary started from elsewhere (a service unit with
// its own working directory) finds it next to the package the binary was built in. We do not
// embed a second copy in the binary: two copies drift apart. A missing file is logged and the
// server starts with an empty FAQ that `!faq add` fills.
import Foundation
import SwarmDomain

enum FAQSeed {
    /// `{"version": 1, "entries": [{"key", "title", "answer", "tags"}]}`.
    struct File: Decodable {
        let version: Int
        let entries: [Entry]
        struct Entry: Decodable {
            let key: String
            let title: String
            let answer: String
            let tags: [String]?
        }
    }

    static func entries(from data: Data, at now: Timestamp) throws -> [FAQEntry] {
        let file = try JSONDecoder().decode(File.self, from: data)
        return file.entries.map {
            FAQEntry(key: $0.key, title: $0.title, answer: $0.answer, tags: $0.tags ?? [],
                     author: AgentName.bot, updatedAt: now)
        }
    }

    /// The first existing file for `path`: itself if absolute, else under the current folder,
    /// else under the executable's folder or any of its parents.
    static func locate(_ path: String) -> String? {
        let fm = FileManager.default
        if path.hasPrefix("/") { return fm.fileExists(atPath: path) ? path : nil }
        var candidates = [fm.currentDirectoryPath + "/" + path]
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
            for _ in 0..<6 {
                candidates.append(dir.appendingPathComponent(path).path)
                dir = dir.deletingLastPathComponent()
            }
        }
        return candidates.first { fm.fileExists(atPath: $0) }
    }
}

extension Server {
    /// Loads the starter FAQ when the board is brand new (no tickets, agents or entries).
    func seedFAQIfEmpty() {
        guard let path = config.faqSeedPath else { return }
        guard board.tickets.isEmpty, board.agents.isEmpty, board.faq.isEmpty else { return }
        guard let found = FAQSeed.locate(path) else {
            log.warn("FAQ seed not found; starting with an empty FAQ", ["path": path])
            return
        }
        do {
            let entries = try FAQSeed.entries(from: Data(contentsOf: URL(fileURLWithPath: found)), at: now)
            _ = try commit(.faqImport(entries: entries), by: AgentName.bot)
            log.info("FAQ seeded", ["path": found, "entries": board.faq.count])
        } catch {
            log.warn("FAQ seed unreadable; starting with an empty FAQ", ["path": found, "error": "\(error)"])
        }
    }
}
