// FastJSON's Decoder and its three containers: a tape index plus the shared state, so a
// decoder or single value container costs no allocation.
import Foundation

struct JSONValueDecoder: Decoder {
    let state: JSONDecoding
    let at: Int
    let depth: Int

    var codingPath: [any CodingKey] { state.path(to: at) }
    var userInfo: [CodingUserInfoKey: Any] { state.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard state.kind(at) == .object else { throw state.mismatch([String: Any].self, at) }
        return KeyedDecodingContainer(JSONKeyedDecoding<Key>(state: state, at: at, depth: depth))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard state.kind(at) == .array else { throw state.mismatch([Any].self, at) }
        return JSONUnkeyedDecoding(state: state, at: at, depth: depth)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleDecoding(state: state, at: at, depth: depth)
    }
}

struct JSONKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let state: JSONDecoding
    let at: Int
    let depth: Int

    var codingPath: [any CodingKey] { state.path(to: at) }

    var allKeys: [Key] {
        var out: [Key] = []
        var i = at + 2
        let end = state.next(at)
        while i < end {
            if let k = Key(stringValue: state.text(i)) { out.append(k) }
            i = state.next(i + 1)
        }
        return out
    }

    func contains(_ key: Key) -> Bool { state.find(key.stringValue, in: at, depth: depth) != nil }

    private func value(_ key: Key) throws -> Int {
        guard let v = state.find(key.stringValue, in: at, depth: depth) else {
            throw DecodingError.keyNotFound(key, state.context(at, "no value for the key \"\(key.stringValue)\" in the object"))
        }
        return v
    }

    /// The value, or nil when the key is absent or null (what `decodeIfPresent` means).
    private func present(_ key: Key) -> Int? {
        guard let v = state.find(key.stringValue, in: at, depth: depth), state.kind(v) != .null else { return nil }
        return v
    }

    func decodeNil(forKey key: Key) throws -> Bool { state.kind(try value(key)) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try state.bool(try value(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try state.string(try value(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try state.double(try value(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try state.float(try value(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try state.integer(type, try value(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try state.integer(type, try value(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try state.integer(type, try value(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try state.integer(type, try value(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try state.integer(type, try value(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try state.integer(type, try value(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try state.integer(type, try value(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try state.integer(type, try value(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try state.integer(type, try value(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try state.integer(type, try value(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try state.decodeValue(type, at: try value(key), depth: depth + 1)
    }

    // One search each, where the defaults would search three times (contains, nil, decode).
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key).map(state.bool) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key).map(state.string) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(key).map(state.double) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try present(key).map(state.float) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(key).map { try state.integer(type, $0) } }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try present(key).map { try state.integer(type, $0) } }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try present(key).map { try state.integer(type, $0) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try present(key).map { try state.integer(type, $0) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(key).map { try state.integer(type, $0) } }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try present(key).map { try state.integer(type, $0) } }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try present(key).map { try state.integer(type, $0) } }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try present(key).map { try state.integer(type, $0) } }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try present(key).map { try state.integer(type, $0) } }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try present(key).map { try state.integer(type, $0) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try present(key).map { try state.decodeValue(type, at: $0, depth: depth + 1) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONValueDecoder(state: state, at: try value(key), depth: depth + 1).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoder(state: state, at: try value(key), depth: depth + 1).unkeyedContainer()
    }

    /// As Foundation: a missing key gives a decoder of null.
    func superDecoder() throws -> any Decoder {
        JSONValueDecoder(state: state, at: state.find("super", in: at, depth: depth) ?? -1, depth: depth + 1)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(state: state, at: state.find(key.stringValue, in: at, depth: depth) ?? -1, depth: depth + 1)
    }
}

struct JSONUnkeyedDecoding: UnkeyedDecodingContainer {
    let state: JSONDecoding
    let at: Int
    let depth: Int
    let end: Int
    private var cursor: Int
    private(set) var currentIndex = 0

    init(state: JSONDecoding, at: Int, depth: Int) {
        self.state = state
        self.at = at
        self.depth = depth
        end = state.next(at)
        cursor = at + 2
    }

    var codingPath: [any CodingKey] { state.path(to: at) }
    var count: Int? { state.count(at) }
    var isAtEnd: Bool { cursor >= end }

    /// The next element's index; `advance` moves past it once it has decoded (so a failed
    /// decode can be retried as another type).
    private func element(_ type: Any.Type) throws -> Int {
        guard cursor < end else {
            throw DecodingError.valueNotFound(type, state.context(at, "the array has no element \(currentIndex)"))
        }
        return cursor
    }

    private mutating func advance<T>(_ value: T) -> T {
        cursor = state.next(cursor)
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard cursor < end, state.kind(cursor) == .null else { return false }
        cursor += 1
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { advance(try state.bool(try element(type))) }
    mutating func decode(_ type: String.Type) throws -> String { advance(try state.string(try element(type))) }
    mutating func decode(_ type: Double.Type) throws -> Double { advance(try state.double(try element(type))) }
    mutating func decode(_ type: Float.Type) throws -> Float { advance(try state.float(try element(type))) }
    mutating func decode(_ type: Int.Type) throws -> Int { advance(try state.integer(type, try element(type))) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { advance(try state.integer(type, try element(type))) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { advance(try state.integer(type, try element(type))) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { advance(try state.integer(type, try element(type))) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { advance(try state.integer(type, try element(type))) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { advance(try state.integer(type, try element(type))) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { advance(try state.integer(type, try element(type))) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { advance(try state.integer(type, try element(type))) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { advance(try state.integer(type, try element(type))) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { advance(try state.integer(type, try element(type))) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        advance(try state.decodeValue(type, at: try element(type), depth: depth + 1))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        advance(try JSONValueDecoder(state: state, at: try element(type), depth: depth + 1).container(keyedBy: type))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        advance(try JSONValueDecoder(state: state, at: try element([Any].self), depth: depth + 1).unkeyedContainer())
    }

    mutating func superDecoder() throws -> any Decoder {
        advance(JSONValueDecoder(state: state, at: try element(Any.self), depth: depth + 1))
    }
}

struct JSONSingleDecoding: SingleValueDecodingContainer {
    let state: JSONDecoding
    let at: Int
    let depth: Int

    var codingPath: [any CodingKey] { state.path(to: at) }

    func decodeNil() -> Bool { state.kind(at) == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try state.bool(at) }
    func decode(_ type: String.Type) throws -> String { try state.string(at) }
    func decode(_ type: Double.Type) throws -> Double { try state.double(at) }
    func decode(_ type: Float.Type) throws -> Float { try state.float(at) }
    func decode(_ type: Int.Type) throws -> Int { try state.integer(type, at) }
    func decode(_ type: Int8.Type) throws -> Int8 { try state.integer(type, at) }
    func decode(_ type: Int16.Type) throws -> Int16 { try state.integer(type, at) }
    func decode(_ type: Int32.Type) throws -> Int32 { try state.integer(type, at) }
    func decode(_ type: Int64.Type) throws -> Int64 { try state.integer(type, at) }
    func decode(_ type: UInt.Type) throws -> UInt { try state.integer(type, at) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try state.integer(type, at) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try state.integer(type, at) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try state.integer(type, at) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try state.integer(type, at) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try state.decodeValue(type, at: at, depth: depth) }
}
