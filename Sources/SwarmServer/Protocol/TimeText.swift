// Times as people and bots read them: `14:03` in text mode, RFC 3339 in JSON mode (UTC).
import SwarmDomain

enum TimeText {
    /// `HH:MM` (UTC).
    static func clock(_ t: Timestamp) -> String {
        let secs = Int(t.millis / 1000)
        let day = ((secs % 86_400) + 86_400) % 86_400
        return pad2(day / 3600) + ":" + pad2(day % 3600 / 60)
    }

    /// `2026-11-22 14:03` (UTC): a due date that may be days away.
    static func minute(_ t: Timestamp) -> String {
        let iso = t.rfc3339
        return iso.prefix(10) + " " + iso.dropFirst(11).prefix(5)
    }

    /// `2026-11-22T14:03:05.123Z`.
    static func iso(_ t: Timestamp) -> String { t.rfc3339 }

    /// `HH:MM` (UTC) appended as bytes: the text renderer's per-event path.
    static func appendClock(_ t: Timestamp, to out: inout [UInt8]) {
        let secs = Int(t.millis / 1000)
        let day = ((secs % 86_400) + 86_400) % 86_400
        let h = day / 3600, m = day % 3600 / 60
        out.append(UInt8(h / 10) + 0x30); out.append(UInt8(h % 10) + 0x30)
        out.append(UInt8(ascii: ":"))
        out.append(UInt8(m / 10) + 0x30); out.append(UInt8(m % 10) + 0x30)
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
