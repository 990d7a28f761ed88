// One line said in a ticket's room.
public struct Comment: Hashable, Sendable, Codable {
    public let id: CommentID
    public let author: String
    public let text: String
    public let at: Timestamp

    public init(id: CommentID, author: String, text: String, at: Timestamp) {
        self.id = id
        self.author = author
        self.text = text
        self.at = at
    }
}
