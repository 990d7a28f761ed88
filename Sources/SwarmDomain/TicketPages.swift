// The board's tickets, indexed by ticket number − 1, stored in fixed pages of 1,024.
//
// Why pages: a snapshot takes an O(1) copy-on-write copy of the board, and the event loop's
// first change after that used to copy the whole `[Ticket]` (100,000 tickets: 20.7 ms, every
// element retained). With pages, that change copies the list of page references plus the one
// page it touches (about 0.1 ms); the other pages stay shared with the snapshot.
//
// It reads like an array: a RandomAccessCollection with Int indices (`tickets[i]`,
// `for t in tickets`, `.count`, `.filter`), subscripts yield in place (reading one field does
// not copy the Ticket; `tickets[i].owner = x` changes it where it lives), and it encodes as a
// plain JSON array, so snapshots look exactly as they did with `[Ticket]`.
public struct TicketPages: RandomAccessCollection, MutableCollection, Hashable, Sendable {
    public typealias Index = Int
    public typealias Indices = Range<Int>
    @usableFromInline static let pageShift = 10
    @usableFromInline static let pageMask = (1 << pageShift) - 1
    public static var pageSize: Int { 1 << pageShift }

    /// Every page but the last is full.
    @usableFromInline var pages: [[Ticket]] = []
    public private(set) var count = 0

    public init() {}

    public init<S: Sequence>(_ tickets: S) where S.Element == Ticket {
        for t in tickets { append(t) }
    }

    /// One list from several in order. Parts whose count is a whole number of pages are joined
    /// page by page, without copying their tickets (a loader decodes parts on several threads).
    public init(joining parts: [TicketPages]) {
        for p in parts {
            if count & Self.pageMask == 0 {
                pages += p.pages
                count += p.count
            } else {
                for t in p { append(t) }
            }
        }
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public var indices: Range<Int> { 0..<count }
    @inlinable public func index(after i: Int) -> Int { i + 1 }
    @inlinable public func index(before i: Int) -> Int { i - 1 }

    @inlinable public subscript(position: Int) -> Ticket {
        // Out-of-range positions trap in the page arrays, as they would in one array.
        _read { yield pages[position >> Self.pageShift][position & Self.pageMask] }
        _modify { yield &pages[position >> Self.pageShift][position & Self.pageMask] }
    }

    public mutating func append(_ ticket: Ticket) {
        if count & Self.pageMask == 0 {
            var page: [Ticket] = []
            page.reserveCapacity(Self.pageSize)
            pages.append(page)
        }
        pages[pages.count - 1].append(ticket)
        count += 1
    }

    /// The tickets for which `test` holds; only those are copied. `test` reads fields through the
    /// pointer (`$0.pointee.owner`): a closure handed a `Ticket` gets a copy of it, a dozen
    /// retained arrays, even when the parameter is `borrowing`. Measured on 100,000 tickets: a
    /// predicate taking `Ticket` 30–40 ms, the same test through the pointer 1.4 ms; on the event
    /// loop that is every client's latency.
    public func filter(inPlace test: (UnsafePointer<Ticket>) throws -> Bool) rethrows -> [Ticket] {
        var out: [Ticket] = []
        try forEachPage { buf in
            for i in buf.indices where try test(buf.baseAddress! + i) { out.append(buf[i]) }
        }
        return out
    }

    /// How many tickets pass `test`, read in place (see `filter(inPlace:)`).
    public func count(inPlace test: (UnsafePointer<Ticket>) throws -> Bool) rethrows -> Int {
        var n = 0
        try forEachPage { buf in
            for i in buf.indices where try test(buf.baseAddress! + i) { n += 1 }
        }
        return n
    }

    /// The ids of the first `n` tickets that pass `test`, read in place; stops at the `n`th.
    public func firstIDs(_ n: Int, where test: (UnsafePointer<Ticket>) -> Bool) -> [TicketID] {
        var out: [TicketID] = []
        guard n > 0 else { return out }
        for p in pages {
            let done = p.withUnsafeBufferPointer { buf in
                for i in buf.indices where test(buf.baseAddress! + i) {
                    out.append(buf[i].id)
                    if out.count == n { return true }
                }
                return false
            }
            if done { break }
        }
        return out
    }

    /// Runs `body` over each page's contiguous storage in order: the fastest full scan, reading
    /// fields in place.
    public func forEachPage(_ body: (UnsafeBufferPointer<Ticket>) throws -> Void) rethrows {
        for p in pages { try p.withUnsafeBufferPointer(body) }
    }

    /// How many pages two boards' ticket lists still share (a test of copy-on-write cost).
    public func sharedPages(with other: TicketPages) -> Int {
        var n = 0
        for (a, b) in zip(pages, other.pages) {
            let same = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress } }
            if same { n += 1 }
        }
        return n
    }
}

extension TicketPages: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Ticket...) { self.init(elements) }
}

/// A flat JSON array, as `[Ticket]` was.
extension TicketPages: Codable {
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        while !c.isAtEnd { append(try c.decode(Ticket.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try forEachPage { page in for i in page.indices { try c.encode(page[i]) } }
    }
}
