// FastJSON: a Codable encoder that writes JSON text straight into a byte array.
//
// Foundation's JSONEncoder builds a tree of values and then serializes it (about 15 MB/s on a
// big board here). This one streams: each value is written as it is encoded, and a container
// is closed (`}` or `]`) when its owner's `encode(to:)` returns, or when the container that
// holds it is used again. Any Encodable works, including types added later; no per-type code.
//
// Key order (`keyOrder`): a struct's keys come out in declaration order (what synthesized
// `encode(to:)` writes), which is already deterministic; a dictionary's come out in hash order,
// which changes from run to run, so by default only dictionaries are sorted. `.sorted` sorts
// every object like Foundation's `.sortedKeys`: members are reordered in place when the object
// closes, which moves each byte once per enclosing object (about 15% more time on a big board).
//
// Left out, on purpose:
//   - Using a nested container again after its parent moved on (synthesized code never does;
//     Foundation allows it): the encode fails with EncodingError.invalidValue.
//   - An error caught inside a Codable implementation still fails the whole encode (the bytes
//     written before it cannot be taken back).
//   - Foundation's encoding strategies. Defaults are matched: Data as base64, URL as its
//     absolute string, Date through its own Codable (seconds since 2001, as .deferredToDate).
import Foundation

public struct FastJSONEncoder: Sendable {
    public enum KeyOrder: Sendable {
        /// Every object's keys in byte order (Foundation's `.sortedKeys`).
        case sorted
        /// Dictionaries' keys in byte order, other objects' as their `encode(to:)` writes them.
        case sortedDictionaries
        /// As written: dictionaries in hash order.
        case asWritten
    }

    public var keyOrder: KeyOrder
    public var userInfo: [CodingUserInfoKey: any Sendable]
    /// Off: every value goes through `encode(to:)` (the tests' reference for JSONSelfWriting).
    var selfWriting = true

    public init(keyOrder: KeyOrder = .sortedDictionaries, userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.keyOrder = keyOrder
        self.userInfo = userInfo
    }

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var out: [UInt8] = []
        try encode(value, appendingTo: &out)
        return out
    }

    /// Appends the JSON text of `value` to `out` (for example several journal records into one
    /// write buffer). On error, `out` is left as it was.
    public func encode<T: Encodable>(_ value: T, appendingTo out: inout [UInt8]) throws {
        // Kept whole (piece .max), the text is handed on once, after the last value: not at all
        // on an error. Encoded on its own rather than after `out`: a prefix is copied into the
        // encoder's buffer, which made a journal batch of N records cost N² bytes of copying
        // (100,000 pipelined /open lines never got their replies).
        try encode(value, after: [], piece: .max) { out.append(contentsOf: $0) }
    }

    /// Encodes `value` after `prefix`, handing the text to `out` a piece at a time instead of
    /// keeping it whole: a piece is cut once about `piece` bytes are waiting, between two
    /// elements of an array and outside any object whose keys are still to be sorted (a
    /// snapshot's pieces end between two tickets). An error thrown by `out` ends the encode and
    /// is rethrown; what was handed on before it stays handed on.
    public func encode<T: Encodable>(_ value: T, after prefix: [UInt8], piece: Int,
                                     into out: (UnsafeRawBufferPointer) throws -> Void) throws {
        try withoutActuallyEscaping(out) { out in
            let state = JSONEncoding(bytes: prefix, keyOrder: keyOrder, userInfo: userInfo, selfWriting: selfWriting,
                                     piece: piece, out: out)
            try state.encodeValue(value, key: .none)
            state.close(downTo: 0)
            if let failure = state.failure { throw failure }
            try state.writer.handOn(to: out)
        }
    }
}

/// The position of a value, for `codingPath`.
enum JSONPathKey {
    case none
    case key(any CodingKey)
    case index(Int)

    var codingKey: (any CodingKey)? {
        switch self {
        case .none: nil
        case .key(let k): k
        case .index(let i): JSONIndexKey(i)
        }
    }
}

struct JSONIndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ i: Int) { intValue = i; stringValue = "Index \(i)" }
    init?(intValue: Int) { self.init(intValue) }
    init?(stringValue: String) { return nil }
}

/// One encode call's state: the output and the stack of open containers.
final class JSONEncoding {
    enum Kind { case empty, object, array, single }

    /// An open value. `id` tells a stale container (whose frame was closed and replaced) apart.
    struct Frame {
        var kind: Kind = .empty
        var count = 0
        /// Whether this object's members are sorted when it closes, and where its member
        /// records start in `members`.
        var sorts = false
        var membersBase = 0
        let id: Int
        let key: JSONPathKey
    }

    /// The mutable state sits behind a pointer: stored `var`s of a class get a dynamic
    /// exclusivity check on every access, which cost a third of the encode time.
    struct Storage {
        var writer: JSONText
        var frames: [Frame] = []
        /// For each member of the open objects (when sorting): offset of its key, key length.
        var members: [Int] = []
        var scratch: [UInt8] = []
        var order: [Int] = []
        var nextID = 0
        var failure: EncodingError?
        /// Open objects whose members are sorted when they close: their bytes may still move.
        var sortingOpen = 0
    }

    let keyOrder: FastJSONEncoder.KeyOrder
    let userInfo: [CodingUserInfoKey: Any]
    /// Types that write their own bytes do so (JSONSelfWriting.swift), except when every
    /// object's keys must be sorted.
    let selfWriting: Bool
    private let storage: UnsafeMutablePointer<Storage>
    /// Set only by the probe below.
    var firstKeyType: ObjectIdentifier?

    /// A streamed encode's piece size and where pieces go (`.max` and nil: kept whole).
    let piece: Int
    let out: ((UnsafeRawBufferPointer) throws -> Void)?

    init(bytes: [UInt8], keyOrder: FastJSONEncoder.KeyOrder, userInfo: [CodingUserInfoKey: any Sendable],
         selfWriting: Bool = true, piece: Int = .max, out: ((UnsafeRawBufferPointer) throws -> Void)? = nil) {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage(writer: JSONText(bytes)))
        self.keyOrder = keyOrder
        self.userInfo = userInfo
        self.selfWriting = selfWriting && keyOrder != .sorted
        self.piece = piece
        self.out = out
    }

    /// The CodingKey type the standard library's Dictionary encodes with (an internal type),
    /// learnt once by encoding a dictionary.
    static let dictionaryKeyType: ObjectIdentifier? = {
        let probe = JSONEncoding(bytes: [], keyOrder: .asWritten, userInfo: [:])
        try? probe.encodeValue(["k": 0] as [String: Int], key: .none)
        return probe.firstKeyType
    }()

    deinit {
        storage.pointee.writer.free()
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    var writer: JSONText {
        _read { yield storage.pointee.writer }
        _modify { yield &storage.pointee.writer }
    }
    var frames: [Frame] {
        _read { yield storage.pointee.frames }
        _modify { yield &storage.pointee.frames }
    }
    var members: [Int] {
        _read { yield storage.pointee.members }
        _modify { yield &storage.pointee.members }
    }
    var scratch: [UInt8] {
        _read { yield storage.pointee.scratch }
        _modify { yield &storage.pointee.scratch }
    }
    var order: [Int] {
        _read { yield storage.pointee.order }
        _modify { yield &storage.pointee.order }
    }
    var nextID: Int {
        get { storage.pointee.nextID }
        set { storage.pointee.nextID = newValue }
    }
    var failure: EncodingError? {
        get { storage.pointee.failure }
        set { storage.pointee.failure = newValue }
    }

    var codingPath: [any CodingKey] { path(depth: frames.count - 1) }

    func path(depth: Int) -> [any CodingKey] {
        guard depth >= 0 else { return [] }
        return frames[...min(depth, frames.count - 1)].compactMap { $0.key.codingKey }
    }

    func fail(_ reason: String, depth: Int) {
        if failure == nil {
            failure = .invalidValue((), .init(codingPath: path(depth: depth), debugDescription: reason))
        }
    }

    /// Encodes one value as the current member or element (its key or comma already written).
    func encodeValue<T: Encodable>(_ value: T, key: JSONPathKey) throws {
        // The common leaves skip the frame push and the Codable round trip.
        if T.self == String.self { writer.string(unsafeBitCast(value, to: String.self)); return }
        if T.self == Int.self { writer.signed(Int64(unsafeBitCast(value, to: Int.self))); return }
        if T.self == Int64.self { writer.signed(unsafeBitCast(value, to: Int64.self)); return }
        if T.self == Bool.self { writer.bool(unsafeBitCast(value, to: Bool.self)); return }
        if T.self == Double.self { try double(unsafeBitCast(value, to: Double.self)); return }
        if T.self == Data.self { writer.string((value as! Data).base64EncodedString()); return }
        if T.self == URL.self { writer.string((value as! URL).absoluteString); return }
        if selfWriting, let W = T.self as? any JSONSelfWriting.Type { writeSelf(value, as: W); return }
        let depth = frames.count
        frames.append(Frame(id: nextID, key: key))
        nextID += 1
        do {
            try value.encode(to: JSONValueEncoder(state: self, depth: depth))
        } catch {
            if failure == nil { failure = error as? EncodingError }
            throw error
        }
        close(downTo: depth)
    }

    func double(_ d: Double) throws {
        guard d.isFinite else {
            throw EncodingError.invalidValue(d, .init(codingPath: codingPath, debugDescription: "\(d) is not a JSON number"))
        }
        writer.double(d)
    }

    func float(_ f: Float) throws {
        guard f.isFinite else {
            throw EncodingError.invalidValue(f, .init(codingPath: codingPath, debugDescription: "\(f) is not a JSON number"))
        }
        writer.float(f)
    }

    /// In a streamed encode, hands on the text so far once a piece is waiting. Called between
    /// two array elements: nothing before that point changes again unless a sorted object is open.
    @inline(__always)
    func handOnIfDue() throws {
        if writer.count >= piece, storage.pointee.sortingOpen == 0, let out { try writer.handOn(to: out) }
    }

    /// Closes every frame at `depth` and deeper: writes `}` / `]`, or `{}` for a value that
    /// opened no container (as Foundation does).
    func close(downTo depth: Int) {
        while frames.count > depth {
            let f = frames.removeLast()
            switch f.kind {
            case .empty: writer.raw("{}")
            case .single: break
            case .array: writer.byte(JSONBytes.closeBracket)
            case .object:
                if f.sorts {
                    if members.count - f.membersBase > 2 { sortMembers(from: f.membersBase) }
                    members.removeSubrange(f.membersBase...)
                    storage.pointee.sortingOpen -= 1
                }
                writer.byte(JSONBytes.closeBrace)
            }
        }
    }

    /// Makes the frame at `depth` current: closes deeper ones (nested containers and super
    /// encoders whose owner moved on). False if that frame is gone (a stale container).
    @inline(__always)
    func enter(_ depth: Int, _ id: Int) -> Bool {
        if frames.count > depth + 1 { close(downTo: depth + 1) }
        guard frames.count == depth + 1, frames[depth].id == id else {
            fail("a container was used after the value holding it moved on (FastJSON writes in order)", depth: depth)
            return false
        }
        return true
    }

    /// Starts an object member: comma, `"key":`.
    func member(_ key: String, depth: Int, id: Int) -> Bool {
        guard enter(depth, id) else { return false }
        if frames[depth].count > 0 { writer.byte(JSONBytes.comma) }
        frames[depth].count += 1
        let start = writer.count
        writer.string(key)
        if frames[depth].sorts {
            members.append(start)
            members.append(writer.count - start)
        }
        writer.byte(JSONBytes.colon)
        return true
    }

    /// Starts an array element: comma.
    func element(depth: Int, id: Int) -> Bool {
        guard enter(depth, id) else { return false }
        if frames[depth].count > 0 { writer.byte(JSONBytes.comma) }
        frames[depth].count += 1
        return true
    }

    /// Turns the frame at `depth` into an object (or keeps it one) and returns its id.
    func openObject(depth: Int, keyType: ObjectIdentifier) -> Int {
        if frames.count > depth + 1 { close(downTo: depth + 1) }
        guard frames.count == depth + 1 else { fail("an encoder was used after its value was written", depth: depth); return -1 }
        switch frames[depth].kind {
        case .empty:
            frames[depth].kind = .object
            frames[depth].membersBase = members.count
            if firstKeyType == nil { firstKeyType = keyType }
            switch keyOrder {
            case .sorted: frames[depth].sorts = true
            case .sortedDictionaries: frames[depth].sorts = keyType == Self.dictionaryKeyType
            case .asWritten: break
            }
            if frames[depth].sorts { storage.pointee.sortingOpen += 1 }
            writer.byte(JSONBytes.openBrace)
        case .object: break
        case .array, .single: fail("a keyed container was asked of a value already written as another kind", depth: depth)
        }
        return frames[depth].id
    }

    func openArray(depth: Int) -> Int {
        if frames.count > depth + 1 { close(downTo: depth + 1) }
        guard frames.count == depth + 1 else { fail("an encoder was used after its value was written", depth: depth); return -1 }
        switch frames[depth].kind {
        case .empty:
            frames[depth].kind = .array
            writer.byte(JSONBytes.openBracket)
        case .array: break
        case .object, .single: fail("an unkeyed container was asked of a value already written as another kind", depth: depth)
        }
        return frames[depth].id
    }

    /// Pushes a frame for a nested container or super encoder (its key or comma is written).
    func push(_ key: JSONPathKey) -> Int {
        frames.append(Frame(id: nextID, key: key))
        nextID += 1
        return frames.count - 1
    }
}
