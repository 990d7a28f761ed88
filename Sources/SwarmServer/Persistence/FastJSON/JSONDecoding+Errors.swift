// FastJSON's decoding errors: Foundation-style DecodingErrors that carry the byte offset (as a
// FastJSONError) and the coding path.
import Foundation

extension JSONDecoding {
    /// The coding path of the value at `target`. Errors need it at once (DecodingError carries
    /// it), and types like JSONValue try several decodes and catch, so it must be cheap: the
    /// first error builds a parent index over the tape, and every path after that is O(depth).
    func path(to target: Int) -> [any CodingKey] {
        guard target > 0, target < t.count else { return [] }
        if s.pointee.parents == nil { s.pointee.parents = buildParents() }
        var chain: [any CodingKey] = []
        var i = target
        while let p = s.pointee.parents?[i], p != UInt64.max {
            let parent = Int(p & 0xFFFF_FFFF)
            chain.append(kind(parent) == .object ? JSONStringKey(text(i - 1)) as any CodingKey : JSONIndexKey(Int(p >> 32)))
            i = parent
        }
        return chain.reversed()
    }

    /// For each value on the tape: its container (low 32 bits) and its place in an array (high
    /// 32 bits); all ones for the root, keys and second entries. Tapes of 2^32 entries and more
    /// (16 GB of JSON) get no index and no paths.
    private func buildParents() -> [UInt64] {
        guard t.count < Int(UInt32.max) else { return [] }
        var out = [UInt64](repeating: UInt64.max, count: t.count)
        var open: [(at: Int, end: Int, count: Int)] = []
        var i = 0
        while i < t.count {
            while let top = open.last, i >= top.end { open.removeLast() }
            if let top = open.last {
                if kind(top.at) == .object { i += 1 }  // skip the key: its value follows
                out[i] = UInt64(top.at) | UInt64(min(top.count, Int(UInt32.max))) << 32
                open[open.count - 1].count += 1
            }
            switch kind(i) {
            case .object, .array:
                open.append((i, next(i), 0))
                i += 2
            default:
                i += 1
            }
        }
        return out
    }

    func describe(_ i: Int) -> String {
        switch kind(i) {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "the number \(numberText(i))"
        case .true, .false: "a boolean"
        case .null: "null"
        }
    }

    func context(_ i: Int, _ reason: String) -> DecodingError.Context {
        let at = offset(i)
        return .init(codingPath: path(to: i), debugDescription: "\(reason) at byte \(at)",
                     underlyingError: FastJSONError(offset: at, reason: reason))
    }

    func mismatch(_ type: Any.Type, _ i: Int) -> DecodingError {
        if kind(i) == .null {
            return .valueNotFound(type, context(i, "expected \(type) but found null"))
        }
        return .typeMismatch(type, context(i, "expected \(type) but found \(describe(i))"))
    }

    /// The same error, with the offset of the value at `i` as its underlying error.
    func locating(_ e: DecodingError, at i: Int) -> DecodingError {
        func with(_ c: DecodingError.Context) -> DecodingError.Context {
            .init(codingPath: c.codingPath, debugDescription: c.debugDescription + " at byte \(offset(i))",
                  underlyingError: FastJSONError(offset: offset(i), reason: c.debugDescription))
        }
        switch e {
        case .typeMismatch(let t, let c): return .typeMismatch(t, with(c))
        case .valueNotFound(let t, let c): return .valueNotFound(t, with(c))
        case .keyNotFound(let k, let c): return .keyNotFound(k, with(c))
        case .dataCorrupted(let c): return .dataCorrupted(with(c))
        @unknown default: return e
        }
    }
}
