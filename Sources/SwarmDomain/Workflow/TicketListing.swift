// One page of a listing (/list, /tickets, /wanted, !triage, !stale): the first `limit` matching
// tickets after a cursor, in one of three orders, and how many match in all.
//
// Why pages: on a board that has run for a while a listing matched 40,000 tickets, which took its
// asker 0.6 s to render and left 3 MB for the event loop to queue and send (README, Scans of a
// big board), while nobody reads past a screenful. A page is one pass over the tickets reading
// their fields in place, keeping the first `limit` keys in a heap (a ticket later than all of
// them costs one comparison), and copying only the tickets shown.
//
// The cursor is the last ticket shown (`after:#N`), not an offset: tickets opened or closed
// between two pages do not shift the next one. The cursor's place is its current key, so a
// ticket whose priority changed between pages moves with it. In quietest order the key is the
// last activity, which is exactly what handling a stale ticket changes: a cursor that is no
// longer stale has no place left in the listing, and the next page starts again from the
// quietest (where the tickets handled meanwhile are gone).

public struct TicketListing: Sendable {
    public enum Order: Sendable {
        /// Priority, then the oldest first (/list).
        case board
        /// By ticket number (/tickets).
        case number
        /// The longest without activity first (!stale).
        case quietest

        func key(_ t: UnsafePointer<Ticket>) -> BoardOrderKey {
            switch self {
            case .board: BoardOrderKey(t)
            case .number: BoardOrderKey(id: t.pointee.id.value)
            case .quietest: BoardOrderKey(time: t.pointee.lastActivityAt.millis, id: t.pointee.id.value)
            }
        }
    }

    /// Tickets shown when the asker does not say; one terminal screen or two.
    public static let defaultLimit = 50
    /// The most one page holds: 1,000 lines is about 80 KB.
    public static let maxLimit = 1_000

    /// This page, in order.
    public let tickets: [Ticket]
    /// Every match, on this page or not.
    public let total: Int
    /// Matches at or before the cursor.
    public let skipped: Int

    /// Matches after this page.
    public var remaining: Int { total - skipped - tickets.count }
    /// The cursor for the next page; nil when this page reaches the end.
    public var next: TicketID? { remaining > 0 ? tickets.last?.id : nil }

    /// Throws `no-such-ticket` when the cursor is not on the board, except by number (where any
    /// number is a place).
    public init(_ board: Board, order: Order, after cursor: TicketID? = nil, limit: Int,
                matching test: (UnsafePointer<Ticket>) -> Bool) throws(SwarmError) {
        precondition(limit >= 1, "a page holds at least one ticket")
        var from: BoardOrderKey?
        if let c = cursor {
            if order == .number {
                from = BoardOrderKey(id: c.value)
            } else {
                let t = try board.ticket(c)
                from = withUnsafePointer(to: t) { order == .quietest && !test($0) ? nil : order.key($0) }
            }
        }
        var heap = PageHeap(capacity: limit)
        var total = 0, skipped = 0
        board.tickets.forEachPage { page in
            for i in page.indices {
                let t = page.baseAddress! + i
                guard test(t) else { continue }
                total += 1
                let key = order.key(t)
                if let from, !(from < key) { skipped += 1; continue }
                heap.offer(key)
            }
        }
        self.total = total
        self.skipped = skipped
        tickets = heap.sorted().map { board.tickets[$0.id - 1] }
    }
}

/// The `capacity` smallest keys offered, as a max-heap: the root is the largest kept, so a key
/// that does not belong costs one comparison.
private struct PageHeap {
    let capacity: Int
    private var keys: [BoardOrderKey] = []

    init(capacity: Int) { self.capacity = capacity }

    mutating func offer(_ key: BoardOrderKey) {
        if keys.count < capacity {
            keys.append(key)
            var i = keys.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard keys[parent] < keys[i] else { break }
                keys.swapAt(parent, i)
                i = parent
            }
        } else if key < keys[0] {
            keys[0] = key
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var largest = i
                if l < keys.count, keys[largest] < keys[l] { largest = l }
                if r < keys.count, keys[largest] < keys[r] { largest = r }
                if largest == i { break }
                keys.swapAt(i, largest)
                i = largest
            }
        }
    }

    func sorted() -> [BoardOrderKey] { keys.sorted() }
}
