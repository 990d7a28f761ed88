// Case- and accent-insensitive words, so `Réseau`, `reseau` and `RÉSEAU` all match.
// Written without Foundation: lower-case, map precomposed Latin letters to their base letter,
// and drop combining marks (which also covers decomposed input such as `e` + U+0301).
public enum TextFolding {
    /// `Café VPN-Zugang!` → `cafe vpn-zugang!`.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII { out.append(scalar); continue }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if let base = latinBase[scalar] {
                out.append(contentsOf: base.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Folded words of letters and digits: `Wi-Fi drops (5GHz)` → `wi`, `fi`, `drops`, `5ghz`.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for ch in fold(text) {
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Words that carry meaning: folded, without stop words and one-letter words.
    public static func keywords(_ text: String) -> [String] {
        var seen: Set<String> = []
        return words(text).filter { $0.count > 1 && !stopWords.contains($0) && seen.insert($0).inserted }
    }

    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "cannot", "do", "does", "for", "from",
        "get", "has", "have", "how", "i", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on",
        "or", "our", "so", "that", "the", "their", "there", "this", "to", "up", "was", "we", "what", "when",
        "where", "which", "who", "why", "will", "with", "you", "your",
    ]

    /// Lower-case precomposed Latin-1 and Latin Extended-A letters → base letters.
    static let latinBase: [Unicode.Scalar: String] = {
        let groups: [(String, String)] = [
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"),
            ("ĥħ", "h"), ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"),
            ("òóôõöøōŏő", "o"), ("ŕŗř", "r"), ("śŝşš", "s"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"),
            ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"), ("æ", "ae"), ("œ", "oe"), ("ß", "ss"), ("þ", "th"), ("ð", "d"),
        ]
        var map: [Unicode.Scalar: String] = [:]
        for (letters, base) in groups {
            for s in letters.unicodeScalars { map[s] = base }
        }
        return map
    }()
}

extension String {
    /// Levenshtein distance over characters; small inputs only (keys are ≤ 40 characters).
    public func editDistance(to other: String) -> Int {
        let a = Array(self), b = Array(other)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                row[j] = Swift.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &row)
        }
        return previous[b.count]
    }
}
