// A reply's machine-readable fields (JSON mode's `data`). Written like a dictionary, stored as
// a few key/value pairs: every /say builds one, text mode never reads it, and a Dictionary
// (allocation plus hashing each key) cost ~2.5k instructions of a comment's ~37k.
import SwarmDomain

public struct ReplyData: Sendable, ExpressibleByDictionaryLiteral {
    private var pairs: [(String, JSONValue)]

    public init(dictionaryLiteral elements: (String, JSONValue)...) { pairs = elements }

    public var isEmpty: Bool { pairs.isEmpty }

    public subscript(key: String) -> JSONValue? {
        get { pairs.last { $0.0 == key }?.1 }
        set {
            pairs.removeAll { $0.0 == key }
            if let newValue { pairs.append((key, newValue)) }
        }
    }

    /// For rendering: JSON objects are written with sorted keys anyway.
    public var object: [String: JSONValue] {
        Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }
}
