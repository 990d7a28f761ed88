// A command declared once: parsing, permission checks, `/help` and the README reference all
// read this one value.
// A class, not a struct: every line looks one up, and copying the struct out of the table
// retained and released each of its fields (~270 instructions a /ping).
import SwarmDomain

public final class CommandSpec: Sendable {
    /// `/` commands or `!` bot commands.
    public enum Prefix: String, Sendable { case slash = "/", bang = "!" }

    public let prefix: Prefix
    public let name: String
    public let arguments: [ArgumentSpec]
    public let role: Role
    /// Usable before `/hello` (ergo's usablePreReg).
    public let beforeHello: Bool
    public let summary: String
    /// Extra lines for `/help NAME` and the README: sub-forms, examples, replies.
    public let details: [String]
    let run: @Sendable (inout CommandContext, Arguments) throws(SwarmError) -> Void
    /// Its position in `CommandTable.all`: the metrics count commands in an array by it, so a
    /// line costs no String built or hashed for its counter.
    let ordinal: Int

    init(_ name: String, _ arguments: [ArgumentSpec] = [], prefix: Prefix = .slash, role: Role,
         beforeHello: Bool = false, summary: String, details: [String] = [],
         run: @escaping @Sendable (inout CommandContext, Arguments) throws(SwarmError) -> Void) {
        self.ordinal = -1
        self.prefix = prefix
        self.name = name
        self.arguments = arguments
        self.role = role
        self.beforeHello = beforeHello
        self.summary = summary
        self.details = details
        self.run = run
    }

    /// The same command at position `ordinal` of the table.
    init(_ other: CommandSpec, ordinal: Int) {
        (prefix, name, arguments, role, beforeHello, summary, details, run) =
            (other.prefix, other.name, other.arguments, other.role, other.beforeHello, other.summary, other.details, other.run)
        self.ordinal = ordinal
    }

    public var usage: String {
        ([prefix.rawValue + name] + arguments.map(\.usage)).joined(separator: " ")
    }
}
