// One knowledge-base entry: a short answer the swarm keeps for the next person who asks.
public struct FAQEntry: Hashable, Sendable, Codable {
    /// Lower-case handle used in `!faq KEY`: letters, digits, `-`, `_`, `.`.
    public let key: String
    public var title: String
    /// One line: events and replies print it as one line, so it never holds a line break.
    public var answer: String
    public var tags: [String]
    public var author: String
    public var updatedAt: Timestamp
    public var helped: Int
    public var notHelped: Int
    /// Where it came from when promoted from a ticket, e.g. `#12 ^12..^19`.
    public var source: String?

    public init(key: String, title: String, answer: String, tags: [String] = [], author: String,
                updatedAt: Timestamp, helped: Int = 0, notHelped: Int = 0, source: String? = nil) {
        self.key = key
        self.title = title
        self.answer = answer
        self.tags = tags
        self.author = author
        self.updatedAt = updatedAt
        self.helped = helped
        self.notHelped = notHelped
        self.source = source
    }

    public static let maxKeyLength = 40
    public static let maxTitleLength = 120
    public static let maxAnswerLength = 2000
    public static let maxTags = 12

    /// Tags as /tag takes them: folded (case and accents), 1–32 of a-z 0-9 - _ . + #, no
    /// repeats, at most `maxTags`. A tag is matched and shown as a word, not free text.
    public static func checkedTags(_ raw: [String]) throws(SwarmError) -> [String] {
        var tags: [String] = []
        for word in raw.map({ TextFolding.fold($0.trimmingSpaces) }) where !word.isEmpty {
            guard let tag = Keyword.normalize(word[...]) else {
                throw .invalid("\"\(word.prefix(40))\" is not a tag: 1–32 of a-z 0-9 - _ . + #")
            }
            if !tags.contains(tag) { tags.append(tag) }
        }
        guard tags.count <= maxTags else { throw .invalid("an FAQ entry has at most \(maxTags) tags") }
        return tags
    }
    /// Words `!faq` reads as sub-commands, so they can never be keys.
    public static let reservedKeys: Set<String> = ["search", "add", "edit", "rm", "list", "review"]

    /// A key as typed, folded to its stored form; nil if it is not a valid key.
    public static func normalizedKey(_ raw: String) -> String? {
        let k = raw.lowercased()
        guard (1...maxKeyLength).contains(k.utf8.count), !reservedKeys.contains(k) else { return nil }
        let ok = k.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
        }
        return ok ? k : nil
    }

    /// The longest slug `slug` makes: room is left for a `-99` suffix.
    static let maxSlugLength = maxKeyLength - 3

    /// A key made from free text: its meaningful words, folded to ASCII letters and digits,
    /// joined by `-` (`Réseau Wi-Fi lent` → `reseau-wi-fi-lent`); nil when nothing is left.
    public static func slug(_ text: String) -> String? {
        func ascii(_ w: String) -> String { String(w.unicodeScalars.filter { $0.isASCII }.map(Character.init)) }
        var words = TextFolding.keywords(text).map(ascii).filter { !$0.isEmpty }
        if words.isEmpty { words = TextFolding.words(text).map(ascii).filter { !$0.isEmpty } }
        var slug = ""
        for w in words {
            let next = slug.isEmpty ? w : slug + "-" + w
            if next.count > maxSlugLength {
                if slug.isEmpty { slug = String(w.prefix(maxSlugLength)) }
                break
            }
            slug = next
        }
        return slug.isEmpty ? nil : slug
    }

    /// Unhelpful more often than helpful: the answer probably needs rewriting.
    public var isDisputed: Bool { notHelped > helped }
}
