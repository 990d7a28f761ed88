// A parsed JSON document, decoded in parts: parse once, then decode the values at chosen
// places, from several threads at once if wanted (the document never changes after parsing;
// each decode has its own state). The snapshot loader uses it to decode a big board's tickets
// on both cores, then the rest of the board around them.
import Foundation

public final class FastJSONDocument: Sendable {
    public let bytes: [UInt8]
    let tape: [UInt64]

    /// A place in the document.
    public struct Value: Sendable, Hashable {
        let index: Int
    }

    /// Parses `bytes`; syntax faults throw as from `FastJSONDecoder` (with a FastJSONError).
    public init(parsing bytes: [UInt8]) throws {
        self.bytes = bytes
        do {
            tape = try bytes.withUnsafeBufferPointer { b throws(FastJSONError) in try JSONTape.parse(b).entries }
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not valid JSON \(error)", underlyingError: error))
        }
    }

    public var root: Value { Value(index: 0) }

    /// The byte offset where the value at `v` starts.
    public func offset(of v: Value) -> Int { JSONTape.offset(tape[v.index]) }

    /// Member `key` of the object at `v`; nil if `v` is not an object or has no such member.
    public func member(_ key: String, of v: Value) -> Value? {
        guard JSONTape.kind(tape[v.index]) == .object else { return nil }
        return with { $0.find(key, in: v.index, depth: 0).map(Value.init) }
    }

    /// The elements of the array at `v`; nil if it is not an array.
    public func elements(of v: Value) -> [Value]? {
        guard JSONTape.kind(tape[v.index]) == .array else { return nil }
        return with { state in
            var out: [Value] = []
            var i = v.index + 2
            let end = state.next(v.index)
            while i < end {
                out.append(Value(index: i))
                i = state.next(i)
            }
            return out
        }
    }

    /// Decodes `type` from the value at `v`. `replacing` holds values decoded already for some
    /// places: when the decoding reaches one of them and asks for a value of that type, it gets
    /// that value without reading the place again.
    public func decode<T: Decodable>(_ type: T.Type, at v: Value? = nil, userInfo: [CodingUserInfoKey: any Sendable] = [:],
                                     replacing: [Value: any Sendable] = [:]) throws -> T {
        let at = v?.index ?? 0
        return try with(userInfo: userInfo, replacing: replacing) { try $0.decodeValue(T.self, at: at, depth: 0) }
    }

    /// Decodes each of `values` as `type`, calling `each` with every one in order.
    public func decode<T: Decodable>(each type: T.Type, at values: some Sequence<Value>,
                                     userInfo: [CodingUserInfoKey: any Sendable] = [:], _ each: (T) throws -> Void) throws {
        try with(userInfo: userInfo) { state in
            for v in values { try each(try state.decodeValue(T.self, at: v.index, depth: 0)) }
        }
    }

    private func with<R>(userInfo: [CodingUserInfoKey: any Sendable] = [:], replacing: [Value: any Sendable] = [:],
                         _ body: (JSONDecoding) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { b in
            try tape.withUnsafeBufferPointer { t in
                let state = JSONDecoding(bytes: b, tape: t, userInfo: userInfo)
                for (place, value) in replacing { state.replace(place.index, with: value) }
                // The pointers die with this call: a decoder kept by a Decodable type must not use them.
                defer { state.live = false }
                return try body(state)
            }
        }
    }
}
