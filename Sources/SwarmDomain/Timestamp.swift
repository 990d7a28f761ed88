// Time as the domain sees it: milliseconds since the Unix epoch, always passed in, never read here.
public struct Timestamp: Comparable, Hashable, Codable, Sendable, CustomStringConvertible {
    public var millis: Int64

    public init(millis: Int64) { self.millis = millis }
    public init(seconds: Int64) { self.millis = seconds * 1000 }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.millis < b.millis }
    public static func + (a: Timestamp, b: Span) -> Timestamp { Timestamp(millis: a.millis + b.millis) }
    public static func - (a: Timestamp, b: Timestamp) -> Span { Span(millis: a.millis - b.millis) }

    public var description: String { "\(millis)ms" }

    public init(from decoder: any Decoder) throws {
        millis = try decoder.singleValueContainer().decode(Int64.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(millis)
    }
}

/// A length of time, written and read like `45s`, `30m`, `4h`, `2d` everywhere in Swarmline.
public struct Span: Comparable, Hashable, Codable, Sendable, CustomStringConvertible {
    public var millis: Int64

    public init(millis: Int64) { self.millis = millis }
    public static func seconds(_ s: Int64) -> Span { Span(millis: s * 1000) }
    public static func minutes(_ m: Int64) -> Span { Span(millis: m * 60_000) }
    public static func hours(_ h: Int64) -> Span { Span(millis: h * 3_600_000) }
    public static func days(_ d: Int64) -> Span { Span(millis: d * 86_400_000) }
    public static func < (a: Span, b: Span) -> Bool { a.millis < b.millis }
    public static func * (a: Span, k: Int64) -> Span { Span(millis: a.millis * k) }

    /// Parses `500ms`, `45s`, `30m`, `4h`, `2d`, or a bare number of seconds.
    public init?(parsing text: String) {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            // "ms" must win over "s": "500ms" would otherwise read as "500m" + "s".
            if suffix == "s", number.hasSuffix("m") { continue }
            guard let n = Int64(number), n >= 0, n < Int64.max / factor else { return nil }
            self.millis = n * factor
            return
        }
        guard let n = Int64(text), n >= 0, n < Int64.max / 1000 else { return nil }
        self.millis = n * 1000
    }

    /// The shortest exact form: `90s` stays `90s`, `3600s` becomes `1h`.
    public var description: String {
        if millis == 0 { return "0s" }
        if millis % 86_400_000 == 0 { return "\(millis / 86_400_000)d" }
        if millis % 3_600_000 == 0 { return "\(millis / 3_600_000)h" }
        if millis % 60_000 == 0 { return "\(millis / 60_000)m" }
        if millis % 1000 == 0 { return "\(millis / 1000)s" }
        return "\(millis)ms"
    }

    /// A rounded human age for lists: `42s`, `17m`, `3h`, `2d`.
    /// Like `rough`, but a time still left is never shown as `0s`: 0.8 s left reads `1s`.
    public var roughLeft: String {
        millis > 0 && millis < 60_000 ? "\((millis + 999) / 1000)s" : rough
    }

    public var rough: String {
        let s = max(0, millis / 1000)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3600)h" }
        return "\(s / 86_400)d"
    }
}
