// The FAQ starter set: decoded and loaded into an empty board through the one mutation
// chokepoint, so the journal records it like any other change.
//
// Why it is built in: a server started from any folder (a systemd unit, a Docker image holding
// one static binary) must still find it. SwiftPM resources live in a bundle folder next to the
// executable, which a copied static binary leaves behind; a Swift source does not. So
// Deploy/faq.json stays the one file people edit, Scripts/embed-faq copies it into
// FAQStarterSet.swift, and a test fails when the two differ.
import Foundation
import SwarmDomain

/// Where the starter FAQ comes from (`--faq-seed`).
public enum FAQSeedSource: Sendable, Equatable {
    /// The copy of Deploy/faq.json compiled into the binary (the default).
    case builtIn
    /// A JSON file in the same format; a relative path is from the current folder.
    case file(String)
    /// No starter set.
    case none
}

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
        return try file.entries.map { e throws(SwarmError) in
            let tags: [String]
            do throws(SwarmError) { tags = try FAQEntry.checkedTags(e.tags ?? []) } catch { throw SwarmError("invalid", "entry \(e.key): \(error.message)") }
            return FAQEntry(key: e.key, title: e.title, answer: e.answer, tags: tags, author: AgentName.bot, updatedAt: now)
        }
    }
}

extension Server {
    /// Loads the starter FAQ when the board is brand new (no tickets, agents or entries).
    func seedFAQIfEmpty() {
        guard board.tickets.isEmpty, board.agents.isEmpty, board.faq.isEmpty else { return }
        let name: String
        let data: Data
        switch config.faqSeed {
        case .none:
            return
        case .builtIn:
            name = "built-in"
            data = Data(FAQStarterSet.json.utf8)
        case .file(let path):
            name = path
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                log.warn("FAQ seed unreadable; starting with an empty FAQ", ["path": path, "error": "\(error.localizedDescription)"])
                return
            }
        }
        do {
            let entries = try FAQSeed.entries(from: data, at: now)
            _ = try commit(.faqImport(entries: entries), by: AgentName.bot)
            log.info("FAQ seeded", ["source": name, "entries": board.faq.count])
        } catch {
            log.warn("FAQ seed unreadable; starting with an empty FAQ", ["source": name, "error": "\(error)"])
        }
    }
}
