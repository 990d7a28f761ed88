// The arguments a command takes: enough to parse them, check arity and print a usage line.
import SwarmDomain

public struct ArgumentSpec: Sendable {
    public enum Kind: Sendable {
        /// `#N` or `N`.
        case ticket
        /// `P1`…`P4` or `critical|high|normal|low`.
        case priority
        /// A whole number.
        case integer
        /// One word.
        case word
        /// One of a fixed set of words.
        case choice([String])
        /// The rest of the line, spaces and all.
        case text
    }

    public let name: String
    public let kind: Kind
    public let optional: Bool

    public static func ticket(_ name: String = "#N", optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .ticket, optional: optional)
    }
    public static func priority(optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: "P1..P4", kind: .priority, optional: optional)
    }
    public static func integer(_ name: String, optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .integer, optional: optional)
    }
    public static func word(_ name: String, optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .word, optional: optional)
    }
    public static func choice(_ words: [String], optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: words.joined(separator: "|"), kind: .choice(words), optional: optional)
    }
    public static func text(_ name: String, optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .text, optional: optional)
    }

    var usage: String { optional ? "[\(name)]" : name }
}

/// One parsed argument value.
public enum ArgumentValue: Equatable, Sendable {
    case ticket(TicketID)
    case priority(Priority)
    case integer(Int)
    case word(String)
}

/// Parsed arguments in declaration order; absent optionals are nil. Handlers can trust the kinds.
/// Kept inline rather than in an array: an array of enums is allocated, and destroyed element by
/// element through the runtime's generic witnesses (~630 instructions a command, the cost of
/// the rest of a /ping's parsing).
public struct Arguments: Sendable {
    /// The most arguments a command declares (checked when the command tables are built).
    static let capacity = 4
    private var v0, v1, v2, v3: ArgumentValue?
    public private(set) var count = 0

    init() {}

    mutating func append(_ v: ArgumentValue?) {
        switch count {
        case 0: v0 = v
        case 1: v1 = v
        case 2: v2 = v
        case 3: v3 = v
        default: preconditionFailure("more than \(Arguments.capacity) arguments")
        }
        count += 1
    }

    public subscript(i: Int) -> ArgumentValue? {
        switch i {
        case 0: v0
        case 1: v1
        case 2: v2
        case 3: v3
        default: nil
        }
    }

    public func ticket(_ i: Int) -> TicketID? {
        if case .ticket(let t)? = self[i] { return t } else { return nil }
    }
    public func priority(_ i: Int) -> Priority? {
        if case .priority(let p)? = self[i] { return p } else { return nil }
    }
    public func integer(_ i: Int) -> Int? {
        if case .integer(let n)? = self[i] { return n } else { return nil }
    }
    public func text(_ i: Int) -> String? {
        if case .word(let w)? = self[i] { return w } else { return nil }
    }
}
