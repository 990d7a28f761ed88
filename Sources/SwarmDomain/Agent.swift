// An agent the board has seen: what persists about a person or bot between connections.
public struct Agent: Hashable, Sendable, Codable {
    public let name: String
    public let firstSeen: Timestamp

    public init(name: String, firstSeen: Timestamp) {
        self.name = name
        self.firstSeen = firstSeen
    }
}
