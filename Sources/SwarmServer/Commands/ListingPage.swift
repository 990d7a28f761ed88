// The page words the listings take (`limit:N`, `after:#N`; /list, /tickets, /wanted, !triage,
// !stale), and how a page of tickets is answered: its lines, then the command that shows the
// next page.
import SwarmDomain

struct PageWords: Sendable {
    var limit = TicketListing.defaultLimit
    var after: TicketID?
    /// The asker's words other than `after:`, to write the next page's command with.
    var kept: [String] = []
    /// Which of a command's own words were given (`all` for /tickets).
    var flags: Set<String> = []

    init() {}

    /// For commands that take only page words and the `flags` named.
    init(_ text: String?, flags allowed: Set<String> = [], usage: String) throws(SwarmError) {
        for raw in (text ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let word = raw.lowercased()
            if allowed.contains(word) { flags.insert(word); kept.append(word); continue }
            guard let colon = raw.firstIndex(of: ":"),
                  try take(raw[..<colon].lowercased(), String(raw[raw.index(after: colon)...])) else {
                throw SwarmError("usage", usage)
            }
        }
    }

    /// Refuses a cursor that is not on the board, on the loop and at once (the page is read beside it).
    func checkCursor(_ board: Board) throws(SwarmError) {
        if let after { _ = try board.ticket(after) }
    }

    /// Reads `limit:N` or `after:#N`; false for any other key.
    mutating func take(_ key: String, _ value: String) throws(SwarmError) -> Bool {
        switch key {
        case "limit":
            guard let n = Int(value), (1...TicketListing.maxLimit).contains(n) else {
                throw SwarmError("usage", "limit: is 1 to \(TicketListing.maxLimit), e.g. limit:200")
            }
            limit = n
            kept.removeAll { $0.hasPrefix("limit:") }
            kept.append("limit:\(n)")
        case "after":
            guard let id = TicketID(parsing: Substring(value)) else {
                throw SwarmError("usage", "after: needs a ticket, e.g. after:#120 (the last one shown)")
            }
            after = id
        default:
            return false
        }
        return true
    }
}

extension Reply {
    /// A line per ticket, then `… and N more: COMMAND WORDS after:#K` when the listing goes on.
    /// JSON data: `tickets` (this page), `total` (every match) and `next` (the `after:` of the
    /// next page, null at the end). A cursor that is not on the board is the reply's error.
    init(listing board: Board, _ order: TicketListing.Order, of command: String, words: PageWords,
         matching: (UnsafePointer<Ticket>) -> Bool,
         counted: (Int) -> String = { "\($0) ticket\($0 == 1 ? "" : "s")" },
         line: (Ticket) -> String, json: (Ticket) -> JSONValue) {
        self.init()
        let page: TicketListing
        do { page = try TicketListing(board, order: order, after: words.after, limit: words.limit, matching: matching) }
        catch { self.error = error; return }
        lines = page.tickets.map(line)
        let total = counted(page.total)
        if let next = page.next {
            lines.append("… and \(page.remaining) more: " + ([command] + words.kept + ["after:\(next)"]).joined(separator: " "))
        }
        if page.skipped == 0 && page.remaining == 0 {
            message = total
        } else if let after = words.after, page.tickets.isEmpty {
            message = "\(total), none after \(after)"
        } else {
            message = "\(total), showing \(page.skipped + 1)-\(page.skipped + page.tickets.count)"
        }
        data = ["tickets": .array(page.tickets.map(json)), "total": .int(page.total),
                "next": page.next.map { .int($0.value) } ?? .null]
    }
}
