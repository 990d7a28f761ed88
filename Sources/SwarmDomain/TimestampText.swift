// A timestamp as machines read it: RFC 3339 in UTC. In the domain because events carry due
// times in their fields (`sla.warning`'s `due`); the server's TimeText uses the same function.

extension Timestamp {
    /// `2026-11-22T14:03:05.123Z`.
    public var rfc3339: String {
        let ms = Int(millis)
        let secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let rem = secs - days * 86_400
        let (y, m, d) = Timestamp.civil(days)
        let milli = ms - secs * 1000
        return "\(y)-\(pad2(m))-\(pad2(d))T\(pad2(rem / 3600)):\(pad2(rem % 3600 / 60)):\(pad2(rem % 60))."
            + String(1000 + milli).dropFirst() + "Z"
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func civil(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
