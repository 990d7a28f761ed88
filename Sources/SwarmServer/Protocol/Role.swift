// Who may run a command. Each command declares the least role it needs in the command table.
public enum Role: String, Comparable, Codable, Sendable, CaseIterable {
    /// Read only: join, read, board, list, show, FAQ lookups.
    case observer
    /// Everything a swarm member does.
    case agent
    /// Also takes over others' tickets, closes, and edits the FAQ.
    case lead

    var rank: Int { Role.allCases.firstIndex(of: self)! }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}
