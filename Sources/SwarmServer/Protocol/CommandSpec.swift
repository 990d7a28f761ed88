// A command declared once: parsing, permission checks, `/help` and the README reference all
// read this one value.
import SwarmDomain

public struct CommandSpec: Sendable {
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
    var ordinal = -1

    init(_ name: String, _ arguments: [ArgumentSpec] = [], prefix: Prefix = .slash, role: Role,
         beforeHello: Bool = false, summary: String, details: [String] = [],
         run: @escaping @Sendable (inout CommandContext, Arguments) throws(SwarmError) -> Void) {
        self.prefix = prefix
        self.name = name
        self.arguments = arguments
        self.role = role
        self.beforeHello = beforeHello
        self.summary = summary
        self.details = details
        self.run = run
    }

    public var usage: String {
        ([prefix.rawValue + name] + arguments.map(\.usage)).joined(separator: " ")
    }
}
