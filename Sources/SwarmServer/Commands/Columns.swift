// Fixed-width columns for 80-column terminals.
import SwarmDomain

enum Columns {
    /// Pads or truncates to exactly `width` characters (truncation marked with `…`).
    static func fit(_ s: String, _ width: Int) -> String {
        if s.count == width { return s }
        if s.count < width { return s + String(repeating: " ", count: width - s.count) }
        return String(s.prefix(max(0, width - 1))) + "…"
    }

    /// `#3    P1 doing    alice       12m  VPN down in Berlin`
    static func ticketLine(_ t: Ticket, now: Timestamp, width: Int = 78) -> String {
        let head = fit(t.id.description, 6) + t.priority.description + " " + fit(t.status.rawValue, 9)
            + fit(t.owner ?? "-", 12) + fit((now - t.openedAt).rough, 5)
        // No padding after the title: it is the last column (as on /board).
        let room = max(10, width - head.count)
        return head + (t.title.count <= room ? t.title : fit(t.title, room))
    }
}
