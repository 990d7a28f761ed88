// What `/board` shows of each kanban column: how many tickets it holds and the first few in
// board order (priority, then the oldest first).
//
// Everyone looks at the board during an incident, so this is one pass over the tickets reading
// their fields in place and keeping only the first `shown` of each column; the column sizes are
// the counts the board keeps (BoardCounts). Sorting every column to show 15 lines cost 14–17 ms
// at 100,000 tickets (Scripts/bench-board; README, Scans of a big board).

public struct BoardColumns: Sendable {
    private let counts: BoardCounts
    private var firsts: [[BoardOrderKey]]

    public init(_ board: Board, showing shown: Int) {
        counts = board.counts
        firsts = Array(repeating: [], count: TicketStatus.allCases.count)
        board.tickets.forEachPage { page in
            for i in page.indices {
                let t = page.baseAddress! + i
                let column = t.pointee.status.rank
                let key = BoardOrderKey(t)
                // Most tickets are later than the column's last shown one: one comparison.
                if firsts[column].count == shown, let last = firsts[column].last, !(key < last) { continue }
                let at = firsts[column].firstIndex { key < $0 } ?? firsts[column].count
                firsts[column].insert(key, at: at)
                if firsts[column].count > shown { firsts[column].removeLast() }
            }
        }
    }

    /// How many tickets have `status`.
    public func count(_ status: TicketStatus) -> Int { counts.count(status) }

    /// The first tickets of the column in board order, at most `shown` of them.
    public func first(_ status: TicketStatus) -> [TicketID] { firsts[status.rank].map { TicketID($0.id) } }
}
