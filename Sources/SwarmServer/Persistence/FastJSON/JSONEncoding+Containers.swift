// FastJSON's Encoder and its three containers: thin handles on `JSONEncoding` that know their
// frame's depth and id. Plus the in-place key sort run when an object closes.
import Foundation

struct JSONValueEncoder: Encoder {
    let state: JSONEncoding
    let depth: Int

    var codingPath: [any CodingKey] { state.path(depth: depth) }
    var userInfo: [CodingUserInfoKey: Any] { state.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(JSONKeyedEncoding<Key>(state: state, depth: depth, id: state.openObject(depth: depth, keyType: ObjectIdentifier(Key.self))))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedEncoding(state: state, depth: depth, id: state.openArray(depth: depth))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleEncoding(state: state, depth: depth)
    }
}

struct JSONKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: JSONEncoding
    let depth: Int
    let id: Int

    var codingPath: [any CodingKey] { state.path(depth: depth) }

    private func begin(_ key: Key) -> Bool { state.member(key.stringValue, depth: depth, id: id) }

    mutating func encodeNil(forKey key: Key) throws { if begin(key) { state.writer.null() } }
    mutating func encode(_ v: Bool, forKey key: Key) throws { if begin(key) { state.writer.bool(v) } }
    mutating func encode(_ v: String, forKey key: Key) throws { if begin(key) { state.writer.string(v) } }
    mutating func encode(_ v: Double, forKey key: Key) throws { if begin(key) { try state.double(v) } }
    mutating func encode(_ v: Float, forKey key: Key) throws { if begin(key) { try state.float(v) } }
    mutating func encode(_ v: Int, forKey key: Key) throws { if begin(key) { state.writer.signed(Int64(v)) } }
    mutating func encode(_ v: Int8, forKey key: Key) throws { if begin(key) { state.writer.signed(Int64(v)) } }
    mutating func encode(_ v: Int16, forKey key: Key) throws { if begin(key) { state.writer.signed(Int64(v)) } }
    mutating func encode(_ v: Int32, forKey key: Key) throws { if begin(key) { state.writer.signed(Int64(v)) } }
    mutating func encode(_ v: Int64, forKey key: Key) throws { if begin(key) { state.writer.signed(v) } }
    mutating func encode(_ v: UInt, forKey key: Key) throws { if begin(key) { state.writer.unsigned(UInt64(v)) } }
    mutating func encode(_ v: UInt8, forKey key: Key) throws { if begin(key) { state.writer.unsigned(UInt64(v)) } }
    mutating func encode(_ v: UInt16, forKey key: Key) throws { if begin(key) { state.writer.unsigned(UInt64(v)) } }
    mutating func encode(_ v: UInt32, forKey key: Key) throws { if begin(key) { state.writer.unsigned(UInt64(v)) } }
    mutating func encode(_ v: UInt64, forKey key: Key) throws { if begin(key) { state.writer.unsigned(v) } }

    mutating func encode<T: Encodable>(_ v: T, forKey key: Key) throws {
        if begin(key) { try state.encodeValue(v, key: .key(key)) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        _ = begin(key)
        let d = state.push(.key(key))
        return KeyedEncodingContainer(JSONKeyedEncoding<NestedKey>(state: state, depth: d, id: state.openObject(depth: d, keyType: ObjectIdentifier(NestedKey.self))))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        _ = begin(key)
        let d = state.push(.key(key))
        return JSONUnkeyedEncoding(state: state, depth: d, id: state.openArray(depth: d))
    }

    mutating func superEncoder() -> any Encoder {
        _ = state.member("super", depth: depth, id: id)
        return JSONValueEncoder(state: state, depth: state.push(.key(JSONIndexKey.superKey)))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        _ = begin(key)
        return JSONValueEncoder(state: state, depth: state.push(.key(key)))
    }
}

/// The scalar writes the unkeyed and single-value containers share: each claims its slot with
/// `begin()` (false after an error was recorded), then writes the value.
protocol JSONScalarSlot {
    var state: JSONEncoding { get }
    mutating func begin() -> Bool
}

extension JSONScalarSlot {
    mutating func encodeNil() throws { if begin() { state.writer.null() } }
    mutating func encode(_ v: Bool) throws { if begin() { state.writer.bool(v) } }
    mutating func encode(_ v: String) throws { if begin() { state.writer.string(v) } }
    mutating func encode(_ v: Double) throws { if begin() { try state.double(v) } }
    mutating func encode(_ v: Float) throws { if begin() { try state.float(v) } }
    mutating func encode(_ v: Int) throws { if begin() { state.writer.signed(Int64(v)) } }
    mutating func encode(_ v: Int8) throws { if begin() { state.writer.signed(Int64(v)) } }
    mutating func encode(_ v: Int16) throws { if begin() { state.writer.signed(Int64(v)) } }
    mutating func encode(_ v: Int32) throws { if begin() { state.writer.signed(Int64(v)) } }
    mutating func encode(_ v: Int64) throws { if begin() { state.writer.signed(v) } }
    mutating func encode(_ v: UInt) throws { if begin() { state.writer.unsigned(UInt64(v)) } }
    mutating func encode(_ v: UInt8) throws { if begin() { state.writer.unsigned(UInt64(v)) } }
    mutating func encode(_ v: UInt16) throws { if begin() { state.writer.unsigned(UInt64(v)) } }
    mutating func encode(_ v: UInt32) throws { if begin() { state.writer.unsigned(UInt64(v)) } }
    mutating func encode(_ v: UInt64) throws { if begin() { state.writer.unsigned(v) } }
}

struct JSONUnkeyedEncoding: UnkeyedEncodingContainer, JSONScalarSlot {
    let state: JSONEncoding
    let depth: Int
    let id: Int
    private(set) var count = 0

    init(state: JSONEncoding, depth: Int, id: Int) {
        self.state = state
        self.depth = depth
        self.id = id
    }

    var codingPath: [any CodingKey] { state.path(depth: depth) }

    mutating func begin() -> Bool {
        count += 1
        return state.element(depth: depth, id: id)
    }


    mutating func encode<T: Encodable>(_ v: T) throws {
        let index = count
        if begin() {
            try state.handOnIfDue()
            try state.encodeValue(v, key: .index(index))
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let index = count
        _ = begin()
        let d = state.push(.index(index))
        return KeyedEncodingContainer(JSONKeyedEncoding<NestedKey>(state: state, depth: d, id: state.openObject(depth: d, keyType: ObjectIdentifier(NestedKey.self))))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let index = count
        _ = begin()
        let d = state.push(.index(index))
        return JSONUnkeyedEncoding(state: state, depth: d, id: state.openArray(depth: d))
    }

    mutating func superEncoder() -> any Encoder {
        let index = count
        _ = begin()
        return JSONValueEncoder(state: state, depth: state.push(.index(index)))
    }
}

struct JSONSingleEncoding: SingleValueEncodingContainer, JSONScalarSlot {
    let state: JSONEncoding
    let depth: Int

    var codingPath: [any CodingKey] { state.path(depth: depth) }

    /// A single value container holds exactly one value.
    func begin() -> Bool {
        if state.frames.count > depth + 1 { state.close(downTo: depth + 1) }
        guard state.frames.count == depth + 1, state.frames[depth].kind == .empty else {
            state.fail("a single value container was written twice or after its value moved on", depth: depth)
            return false
        }
        state.frames[depth].kind = .single
        return true
    }


    mutating func encode<T: Encodable>(_ v: T) throws {
        if begin() { try state.encodeValue(v, key: .none) }
    }
}

extension JSONIndexKey {
    static let superKey = JSONStringKey("super")
}

/// A key known only by its text (`super`, dictionary keys met while decoding).
struct JSONStringKey: CodingKey {
    let stringValue: String
    var intValue: Int? { Int(stringValue) }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { self.init(String(intValue)) }
}

extension JSONEncoding {
    /// Puts the members of the object being closed in key order (byte order of the keys as
    /// written). Each member's bytes move once per sorted ancestor: a few hundred MB of memcpy
    /// for the 100k-ticket board, against seconds for a tree-building encoder. A key written
    /// twice keeps its last value, as in Foundation.
    func sortMembers(from base: Int) {
        let n = (members.count - base) / 2
        let end = writer.count
        let p = writer.base
        let moved = { () -> Bool in
            func compare(_ a: Int, _ b: Int) -> Int32 {
                let sa = members[base + 2 * a] + 1, la = members[base + 2 * a + 1] - 2
                let sb = members[base + 2 * b] + 1, lb = members[base + 2 * b + 1] - 2
                for k in 0..<min(la, lb) where p[sa + k] != p[sb + k] { return p[sa + k] < p[sb + k] ? -1 : 1 }
                return la < lb ? -1 : la > lb ? 1 : 0
            }
            var sorted = true
            for i in 1..<n where compare(i - 1, i) >= 0 { sorted = false; break }
            if sorted { return false }
            order.removeAll(keepingCapacity: true)
            for i in 0..<n { order.append(i) }
            // Stable: equal keys stay in writing order, so the last one can win below.
            if n <= 16 {
                for i in 1..<n {
                    let x = order[i]
                    var j = i
                    while j > 0 && compare(order[j - 1], x) > 0 { order[j] = order[j - 1]; j -= 1 }
                    order[j] = x
                }
            } else {
                order.sort { a, b in let c = compare(a, b); return c < 0 || (c == 0 && a < b) }
            }
            scratch.removeAll(keepingCapacity: true)
            let first = members[base]
            for (k, m) in order.enumerated() {
                if k + 1 < n && compare(m, order[k + 1]) == 0 { continue }
                let s = members[base + 2 * m]
                let e = m + 1 < n ? members[base + 2 * (m + 1)] - 1 : end
                if !scratch.isEmpty { scratch.append(JSONBytes.comma) }
                scratch.append(contentsOf: UnsafeBufferPointer(start: p + s, count: e - s))
            }
            scratch.withUnsafeBufferPointer { s in _ = memcpy(p + first, s.baseAddress!, s.count) }
            return true
        }()
        guard moved else { return }
        let kept = members[base] + scratch.count
        writer.truncate(to: kept)
    }
}
