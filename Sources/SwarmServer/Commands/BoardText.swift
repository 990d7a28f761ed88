// How tickets look on /board, /list and /wanted: one line each, fitting an 80-column terminal.
import SwarmDomain

enum BoardText {
    /// Lines per /board column; the rest are counted and left to /list.
    static let maxPerColumn = 15

    /// `#12   P1 17m   alice       warn     VPN down in Berlin` (plus status when asked).
    static func line(_ t: Ticket, now: Timestamp, policy: Policy, status: Bool = false, width: Int = 76) -> String {
        let sla = SLA.status(of: t, policy: policy, at: now).state.rawValue
        var head = Columns.fit(t.id.description, 6) + t.priority.description + " " + Columns.fit((now - t.openedAt).rough, 5)
        if status { head += Columns.fit(t.status.rawValue, 9) }
        head += Columns.fit(t.owner ?? "-", 12) + Columns.fit(sla, 9)
        let room = max(10, width - head.count)
        // No padding after the title: it is the last column.
        return head + (t.title.count <= room ? t.title : Columns.fit(t.title, room))
    }

    static func json(_ t: Ticket, now: Timestamp, policy: Policy) -> JSONValue {
        var o: [String: JSONValue] = ["id": .int(t.id.value), "title": .string(t.title), "priority": .string(t.priority.description),
                                      "status": .string(t.status.rawValue), "owner": t.owner.map { .string($0) } ?? .null,
                                      "age_s": .int(Int((now - t.openedAt).millis / 1000)),
                                      "sla": .string(SLA.status(of: t, policy: policy, at: now).state.rawValue)]
        if !t.tags.isEmpty { o["tags"] = .array(t.tags.map { .string($0) }) }
        return .object(o)
    }
}

/// `/list` filters, all of which must match, and which page of the matches to show. Each test
/// reads the ticket in place through a pointer, as `TicketListing` hands it over.
struct TicketFilter: Sendable {
    var tests: [@Sendable (UnsafePointer<Ticket>) -> Bool] = []
    var includesClosed = false
    var page = PageWords()

    init(_ text: String?, me: String, now: Timestamp, policy: Policy) throws(SwarmError) {
        for raw in (text ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if let colon = raw.firstIndex(of: ":"),
               try page.take(raw[..<colon].lowercased(), String(raw[raw.index(after: colon)...])) { continue }
            page.kept.append(String(raw))
            let word = raw.lowercased()
            if word == "mine" { tests.append { $0.pointee.owner == me }; continue }
            if word == "unassigned" { tests.append { $0.pointee.owner == nil && $0.pointee.status.isOpen }; continue }
            if word == "overdue" {
                let targets = policy.slaTargets
                tests.append { SLA.status(of: $0, target: targets[$0.pointee.priority], at: now).state == .breached }
                continue
            }
            if word == "stale" { tests.append { $0.pointee.status.isOpen && now - $0.pointee.lastActivityAt >= policy.staleAfter }; continue }
            if let p = Priority(parsing: raw), word.hasPrefix("p") { tests.append { $0.pointee.priority == p }; continue }
            if let colon = raw.firstIndex(of: ":") {
                let key = raw[..<colon].lowercased(), value = String(raw[raw.index(after: colon)...])
                // `owner:` with nothing after it would match nothing and look like an empty board.
                if value.isEmpty, ["owner", "tag", "status"].contains(key) {
                    throw SwarmError("usage", "\(key): needs a value, e.g. \(key == "owner" ? "owner:alice" : key == "tag" ? "tag:vpn" : "status:doing")")
                }
                switch key {
                case "owner": tests.append { $0.pointee.owner == value }
                case "tag": let v = value.lowercased(); tests.append { $0.pointee.tags.contains(v) }
                case "status":
                    guard let s = TicketStatus(rawValue: value.lowercased()) else {
                        throw SwarmError("usage", "status: is one of \(TicketStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    if s == .closed { includesClosed = true }
                    tests.append { $0.pointee.status == s }
                default:
                    throw SwarmError("usage", "unknown filter \(key):; filters: mine unassigned owner:NAME P1..P4 tag:T status:S overdue stale WORDS, pages: limit:N after:#N")
                }
                continue
            }
            tests.append { $0.pointee.title.lowercased().contains(word) }
        }
    }

    func matches(_ t: UnsafePointer<Ticket>) -> Bool {
        if t.pointee.status == .closed && !includesClosed { return false }
        return tests.allSatisfy { $0(t) }
    }
}
