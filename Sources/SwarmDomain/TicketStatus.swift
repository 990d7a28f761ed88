// The lifecycle of a ticket. Open statuses move freely among themselves; see Board+Lifecycle.
public enum TicketStatus: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case new, doing, blocked, review, resolved, closed

    public var description: String { rawValue }
    public var isOpen: Bool { self != .resolved && self != .closed }
    public static let open: [TicketStatus] = [.new, .doing, .blocked, .review]
    /// The kanban columns `/board` shows; closed tickets leave the board.
    public static let columns: [TicketStatus] = [.new, .doing, .blocked, .review, .resolved]
}

extension TicketStatus {
    /// Position in `allCases`, for counting into an array (/stats, /board).
    var rank: Int {
        switch self {
        case .new: 0
        case .doing: 1
        case .blocked: 2
        case .review: 3
        case .resolved: 4
        case .closed: 5
        }
    }
}
