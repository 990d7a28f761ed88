// Where and why FastJSON refused a document. Decoding throws `DecodingError` like Foundation
// does, with one of these as the underlying error, so callers can name the byte offset.
public struct FastJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset in the document where the problem shows.
    public let offset: Int
    public let reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "at byte \(offset): \(reason)" }

    /// One line for a log or a DataError: the reason and, for a DecodingError, where in the
    /// document (`board.tickets.3.id`).
    public static func summary(of error: any Error) -> (offset: Int?, reason: String) {
        let located = located(in: error)
        var reason = located?.reason ?? "\(error)"
        let path: [any CodingKey]
        switch error as? DecodingError {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c): path = c.codingPath
        default: path = []
        }
        if !path.isEmpty {
            let names: [String] = path.map { k in k.intValue.map { String($0) } ?? k.stringValue }
            reason += " (at " + names.joined(separator: ".") + ")"
        }
        return (located?.offset, reason)
    }

    /// The FastJSONError inside an error thrown by `FastJSONDecoder`, if any.
    public static func located(in error: any Error) -> FastJSONError? {
        if let e = error as? FastJSONError { return e }
        switch error as? DecodingError {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
            return c.underlyingError.flatMap { located(in: $0) }
        default:
            return nil
        }
    }
}

/// Byte-level helpers shared by the writer and the parser.
enum JSONBytes {
    static let quote: UInt8 = 0x22, backslash: UInt8 = 0x5C, colon: UInt8 = 0x3A, comma: UInt8 = 0x2C
    static let openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D, openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Marks (high bit of each byte) the bytes of `w` a string scan must stop at: `"`, `\` and
    /// control characters, plus bytes ≥ 0x80 when `stopAtHigh`. The lowest marked byte is exact
    /// (higher marks may be false positives), so a scan advances by `trailingZeroBitCount / 8`.
    @inline(__always)
    static func stops(_ w: UInt64, stopAtHigh: Bool) -> UInt64 {
        let q = w ^ (ones &* UInt64(quote)), b = w ^ (ones &* UInt64(backslash))
        let zeroQ = (q &- ones) & ~q, zeroB = (b &- ones) & ~b
        let control = (w &- ones &* 0x20) & ~w
        var m = (zeroQ | zeroB | control) & highs
        if stopAtHigh { m |= w & highs }
        return m
    }
}
