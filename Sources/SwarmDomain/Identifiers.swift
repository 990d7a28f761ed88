// Ticket and comment numbers, and the rules for agent names.

/// `#12`: tickets are numbered from 1 and numbers are never reused.
public struct TicketID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let value: Int
    public init(_ value: Int) { self.value = value }
    public var description: String { "#\(value)" }
    public static func < (a: TicketID, b: TicketID) -> Bool { a.value < b.value }

    /// Accepts `12` or `#12`.
    public init?(parsing text: Substring) {
        guard let n = positiveNumber(text.utf8, sigil: UInt8(ascii: "#"), maxDigits: 9) else { return nil }
        value = n
    }

    /// The same from UTF-8 bytes (the argument parser works on bytes).
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let n = positiveNumber(bytes, sigil: UInt8(ascii: "#"), maxDigits: 9) else { return nil }
        value = n
    }

    public init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

/// `^17`: comment numbers are unique across the whole server, so a line can be quoted anywhere.
public struct CommentID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let value: Int
    public init(_ value: Int) { self.value = value }
    public var description: String { "^\(value)" }
    public static func < (a: CommentID, b: CommentID) -> Bool { a.value < b.value }

    /// Accepts `17` or `^17`.
    public init?(parsing text: Substring) {
        guard let n = positiveNumber(text.utf8, sigil: UInt8(ascii: "^"), maxDigits: 12) else { return nil }
        value = n
    }

    public init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

/// `N` or `<sigil>N` with N a positive decimal of at most `maxDigits` digits (read as bytes).
private func positiveNumber<C: Collection<UInt8>>(_ u: C, sigil: UInt8, maxDigits: Int) -> Int? {
    var digits = u[...]
    if digits.first == sigil { digits = digits.dropFirst() }
    guard !digits.isEmpty, digits.count <= maxDigits else { return nil }
    var n = 0
    for b in digits {
        guard b >= 0x30 && b <= 0x39 else { return nil }
        n = n * 10 + Int(b - 0x30)
    }
    return n > 0 ? n : nil
}

public enum AgentName {
    public static let maxLength = 32
    /// The bot's own name; no person may take it.
    public static let bot = "swarmbot"

    /// 1–32 of ASCII letters, digits, `-`, `_`, `.`: safe in every terminal, log line and file name.
    public static func isValid(_ name: Substring) -> Bool {
        guard (1...maxLength).contains(name.utf8.count) else { return false }
        return name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
        }
    }
}
