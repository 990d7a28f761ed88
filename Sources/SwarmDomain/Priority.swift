// Ticket priority P1 (critical) to P4 (low).
public enum Priority: Int, Codable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case p1 = 1, p2, p3, p4

    public static func < (a: Priority, b: Priority) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "P\(rawValue)" }
    public var word: String { ["critical", "high", "normal", "low"][rawValue - 1] }

    /// Accepts `P1`…`P4` (any case) and `critical`, `high`, `normal`, `low`.
    public init?(parsing text: Substring) {
        let t = text.lowercased()
        switch t {
        case "p1", "1", "critical": self = .p1
        case "p2", "2", "high": self = .p2
        case "p3", "3", "normal": self = .p3
        case "p4", "4", "low": self = .p4
        default: return nil
        }
    }
}
