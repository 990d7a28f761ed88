// The swarm's FAQ: entries by key, with search, closest-key hints, suggestions and review.
// Only `Board.apply` changes it (see Board+FAQ.swift); everything here reads.
public struct KnowledgeBase: Hashable, Sendable, Codable {
    public private(set) var entries: [String: FAQEntry] = [:]
    /// Each entry's folded words, kept in step with `entries` so a search does not re-fold every
    /// answer (500 entries: 66 ms per search without it). Derived: not saved, not compared.
    private var words: [String: Words] = [:]

    struct Words: Sendable {
        /// Key, title and tags.
        let strong: Set<String>
        let body: Set<String>
        init(_ e: FAQEntry) {
            strong = Set(TextFolding.words(e.key + " " + e.title + " " + e.tags.joined(separator: " ")))
            body = Set(TextFolding.words(e.answer))
        }
    }

    public init() {}

    enum CodingKeys: String, CodingKey { case entries }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        for e in try c.decode([String: FAQEntry].self, forKey: .entries).values { put(e) }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entries, forKey: .entries)
    }
    public static func == (a: KnowledgeBase, b: KnowledgeBase) -> Bool { a.entries == b.entries }
    public func hash(into h: inout Hasher) { h.combine(entries) }

    /// Stores an entry under its key (adding or replacing it) and indexes its words.
    mutating func put(_ e: FAQEntry) {
        entries[e.key] = e
        words[e.key] = Words(e)
    }

    mutating func remove(_ key: String) -> FAQEntry? {
        words[key] = nil
        return entries.removeValue(forKey: key)
    }

    /// Counts a vote; votes change no words, so the index stays as it is.
    mutating func vote(_ key: String, helped: Bool) {
        if helped { entries[key]?.helped += 1 } else { entries[key]?.notHelped += 1 }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
    public subscript(key: String) -> FAQEntry? { entries[key.lowercased()] }

    /// Every entry by key.
    public var sorted: [FAQEntry] { entries.values.sorted { $0.key < $1.key } }

    /// One scored hit of a search.
    public struct Hit: Hashable, Sendable {
        public let entry: FAQEntry
        public let score: Int
        /// The part of the score from the key, title and tags (what `suggest` requires).
        public let strongScore: Int
    }

    // Weights: a word in the key, title or tags says what an entry is about, a word in the answer
    // only that it is mentioned, so the first weighs three times as much. A prefix match
    // (`print` → `printer`, 3+ letters) counts half, so stems and plurals still find entries.
    static let strongExact = 6, strongPrefix = 3, bodyExact = 2, bodyPrefix = 1

    /// Entries matching any of the query's words, best first: by score, then by how often an
    /// entry helped (net of not helped), then by key. Hits under a quarter of the best are dropped.
    public func search(_ query: String, limit: Int = 5) -> [Hit] {
        let words = TextFolding.keywords(query)
        guard !words.isEmpty else { return [] }
        var hits: [Hit] = []
        for e in entries.values {
            let w = self.words[e.key] ?? Words(e)
            let strong = w.strong, body = w.body
            var score = 0, strongScore = 0
            for w in words {
                let s = KnowledgeBase.match(w, strong, exact: KnowledgeBase.strongExact, prefix: KnowledgeBase.strongPrefix)
                strongScore += s
                score += s + KnowledgeBase.match(w, body, exact: KnowledgeBase.bodyExact, prefix: KnowledgeBase.bodyPrefix)
            }
            if score > 0 { hits.append(Hit(entry: e, score: score, strongScore: strongScore)) }
        }
        hits.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            let na = a.entry.helped - a.entry.notHelped, nb = b.entry.helped - b.entry.notHelped
            if na != nb { return na > nb }
            if a.entry.helped != b.entry.helped { return a.entry.helped > b.entry.helped }
            return a.entry.key < b.entry.key
        }
        // A long tail of one-word body mentions is noise next to a strong hit: keep only hits
        // worth at least a quarter of the best one.
        let best = hits.first?.score ?? 0
        let floor = (best + 3) / 4
        return Array(hits.prefix { $0.score >= floor }.prefix(max(0, limit)))
    }

    static func match(_ word: String, _ vocabulary: Set<String>, exact: Int, prefix: Int) -> Int {
        if vocabulary.contains(word) { return exact }
        guard word.count >= 3 else { return 0 }
        return vocabulary.contains { $0.count > word.count && $0.hasPrefix(word) } ? prefix : 0
    }

    /// Up to `limit` entries for a new ticket's title. Only entries whose key, title or tags
    /// match count, so a word buried in some answer does not spam every new room.
    public func suggestions(for title: String, limit: Int = 3) -> [FAQEntry] {
        search(title, limit: count).filter { $0.strongScore > 0 }.prefix(limit).map(\.entry)
    }

    /// Keys that look like a mistyped or partial `key`: prefixes and substrings first, then by
    /// edit distance (at most a third of the key's length, and at least 2).
    public func closestKeys(to raw: String, limit: Int = 5) -> [String] {
        let key = raw.lowercased()
        let tolerance = max(2, key.count / 3)
        var scored: [(String, Int)] = []
        for k in entries.keys {
            if k.hasPrefix(key) || key.hasPrefix(k) {
                scored.append((k, 0))
            } else if key.count >= 3, k.contains(key) {
                scored.append((k, 1))
            } else {
                let d = key.editDistance(to: k)
                if d <= tolerance { scored.append((k, 1 + d)) }
            }
        }
        scored.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        return scored.prefix(limit).map(\.0)
    }

    /// Entries due for review: untouched for `after`, or unhelpful more often than helpful.
    public func needingReview(now: Timestamp, after: Span) -> [FAQEntry] {
        sorted.filter { now - $0.updatedAt >= after || $0.isDisputed }
    }
}
