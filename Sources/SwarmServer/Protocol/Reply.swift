// The answer to one command: data lines, then exactly one status (OK or ERR code).
import SwarmDomain

public struct Reply: Sendable {
    public var lines: [String] = []
    public var message: String = ""
    public var error: SwarmError?
    /// Machine-readable results for JSON mode (`ticket`, `comment`, lists …).
    public var data: ReplyData = [:]

    public init() {}
    public init(error: SwarmError) { self.error = error }

    public var ok: Bool { error == nil }

    /// Makes this the reply to a comment, `^C posted to #N`; the JSON data (`ticket`, `comment`)
    /// only when it will be rendered: built for text mode too, it cost ~500 instructions a
    /// comment. Set in place: building a whole Reply and assigning it cost ~400 more.
    mutating func posted(_ comment: CommentID, to ticket: TicketID, withData: Bool) {
        message = ASCII.posted(comment, to: ticket)
        if withData { data = ["ticket": .int(ticket.value), "comment": .int(comment.value)] }
    }
}
