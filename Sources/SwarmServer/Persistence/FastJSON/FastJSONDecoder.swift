// FastJSON: a Codable decoder over bytes. The whole document is parsed once into a tape
// (JSONTape: every syntax, escape and UTF-8 fault is found there, with its byte offset); the
// Decoder's containers then read values straight from the tape and the bytes. Any Decodable
// works, types added later included; no per-type code.
//
// Errors are `DecodingError`s, as Foundation throws, each carrying a FastJSONError (byte offset
// and reason) as its underlying error: `FastJSONError.located(in:)` gets it back.
//
// Matches Foundation's defaults: Data from base64, URL from a string, Date through its own
// Codable. Numbers decode into integer types only when exact (`1e2` is 100, `1.5` refuses).
import Foundation

public struct FastJSONDecoder: Sendable {
    public var userInfo: [CodingUserInfoKey: any Sendable]
    /// Deeper documents are refused (the decoding recursion must stay far from the stack's end).
    public static var maxDepth: Int { JSONTape.maxDepth }

    public init(userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.userInfo = userInfo
    }

    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBufferPointer { try decode(type, from: $0) }
    }

    public func decode<T: Decodable>(_ type: T.Type, from bytes: ArraySlice<UInt8>) throws -> T {
        try bytes.withUnsafeBufferPointer { try decode(type, from: $0) }
    }

    public func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeBufferPointer<UInt8>) throws -> T {
        let tape: JSONTape
        do {
            tape = try JSONTape.parse(bytes)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not valid JSON \(error)", underlyingError: error))
        }
        return try tape.entries.withUnsafeBufferPointer { t in
            let state = JSONDecoding(bytes: bytes, tape: t, userInfo: userInfo)
            // The pointers die with this call: a decoder kept by a Decodable type must not use them.
            defer { state.live = false }
            return try state.decodeValue(T.self, at: 0, depth: 0)
        }
    }
}

/// One decode call's state: the bytes, their tape, and what key searches have learnt.
final class JSONDecoding {
    let b: UnsafeBufferPointer<UInt8>
    let t: UnsafeBufferPointer<UInt64>
    let userInfo: [CodingUserInfoKey: Any]

    /// The mutable state sits behind a pointer: a class's stored `var`s get an exclusivity
    /// check at run time on every use.
    struct Storage {
        var live = true
        var levels: UnsafeMutablePointer<Level>
        var levelCount: Int
        /// Values given for some places (FastJSONDocument's `replacing`); the range keeps the
        /// check to one comparison for every other value.
        var replacements: [Int: any Sendable] = [:]
        var replaced: (lo: Int, hi: Int) = (Int.max, Int.min)
        /// Built on the first error (JSONDecoding+Errors.swift).
        var parents: [UInt64]?
    }
    let s: UnsafeMutablePointer<Storage>

    var live: Bool {
        get { s.pointee.live }
        set { s.pointee.live = newValue }
    }

    init(bytes: UnsafeBufferPointer<UInt8>, tape: UnsafeBufferPointer<UInt64>, userInfo: [CodingUserInfoKey: any Sendable]) {
        b = bytes
        t = tape
        self.userInfo = userInfo
        let levels = UnsafeMutablePointer<Level>.allocate(capacity: 1)
        // Levels are made on first use: a journal record needs two or three.
        s = .allocate(capacity: 1)
        s.initialize(to: Storage(levels: levels, levelCount: 0))
    }

    deinit {
        for d in 0..<s.pointee.levelCount { s.pointee.levels[d].free() }
        s.pointee.levels.deinitialize(count: s.pointee.levelCount)
        s.pointee.levels.deallocate()
        s.deinitialize(count: 1)
        s.deallocate()
    }

    func replace(_ index: Int, with value: any Sendable) {
        s.pointee.replacements[index] = value
        s.pointee.replaced = (min(s.pointee.replaced.lo, index), max(s.pointee.replaced.hi, index))
    }

    /// The search state for `depth`, growing the list on first use of a depth.
    @inline(__always) func level(_ depth: Int) -> UnsafeMutablePointer<Level> {
        depth < s.pointee.levelCount ? s.pointee.levels + depth : growLevels(to: depth)
    }

    private func growLevels(to depth: Int) -> UnsafeMutablePointer<Level> {
        let d = min(depth, JSONTape.maxDepth + 2)
        let count = s.pointee.levelCount
        if d >= count {
            let n = max(d + 1, count * 2)
            let bigger = UnsafeMutablePointer<Level>.allocate(capacity: n)
            bigger.moveInitialize(from: s.pointee.levels, count: count)
            for d in count..<n { (bigger + d).initialize(to: Level()) }
            s.pointee.levels.deallocate()
            s.pointee.levels = bigger
            s.pointee.levelCount = n
        }
        return s.pointee.levels + d
    }

    // MARK: The tape

    /// Index -1 stands for an absent value read as null (`superDecoder` of a missing key).
    @inline(__always) func kind(_ i: Int) -> JSONTape.Kind { i < 0 ? .null : JSONTape.kind(t[i]) }
    @inline(__always) func offset(_ i: Int) -> Int { i < 0 ? 0 : JSONTape.offset(t[i]) }

    /// The index after value `i` (after all of a container's entries).
    @inline(__always) func next(_ i: Int) -> Int {
        switch kind(i) {
        case .object, .array: Int(t[i + 1] & JSONTape.offsetMask)
        default: i + 1
        }
    }

    func count(_ i: Int) -> Int {
        let c = Int(t[i + 1] >> 40)
        if c < JSONTape.countUnknown { return c }
        var n = 0, k = i + 2
        let end = next(i)
        while k < end { k = kind(i) == .object ? next(k + 1) : next(k); n += 1 }
        return n
    }

    func rawLength(_ i: Int) -> Int {
        let len = JSONTape.length(t[i])
        guard len == JSONTape.lengthUnknown else { return len }
        let start = offset(i) + (kind(i) == .string ? 1 : 0)
        if kind(i) == .string { return JSONUnescape.end(b, from: start) - start }
        var k = start
        while k < b.count, "+-.0123456789eE".utf8.contains(b[k]) { k += 1 }
        return k - start
    }

    func text(_ i: Int) -> String {
        let start = offset(i) + 1
        return JSONUnescape.string(b, from: start, length: rawLength(i), escapes: JSONTape.flag(t[i]))
    }

    // MARK: Values

    func decodeValue<T: Decodable>(_ type: T.Type, at i: Int, depth: Int) throws -> T {
        precondition(live, "a FastJSON decoder was used after decode returned")
        // `is` then `as!`: an `as? T` would make every call look up the metadata of `T?`, a
        // tenth of the whole decode.
        if i >= s.pointee.replaced.lo && i <= s.pointee.replaced.hi, let given = s.pointee.replacements[i], given is T {
            return given as! T
        }
        if T.self == String.self { return unsafeBitCast(try string(i), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try integer(Int.self, i), to: T.self) }
        if T.self == Int64.self { return unsafeBitCast(try integer(Int64.self, i), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(i), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try double(i), to: T.self) }
        if T.self == Data.self {
            guard let d = Data(base64Encoded: try string(i)) else { throw DecodingError.dataCorrupted(context(i, "not valid base64")) }
            return d as! T
        }
        if T.self == URL.self {
            guard let u = URL(string: try string(i)) else { throw DecodingError.dataCorrupted(context(i, "not a valid URL")) }
            return u as! T
        }
        do {
            return try T(from: JSONValueDecoder(state: self, at: i, depth: depth))
        } catch let e as DecodingError where FastJSONError.located(in: e) == nil {
            // Thrown by the type's own init(from:) (a synthesized enum's shape check, a raw
            // value that names no case): give it the value's offset too.
            throw locating(e, at: i)
        }
    }

    func string(_ i: Int) throws -> String {
        guard kind(i) == .string else { throw mismatch(String.self, i) }
        return text(i)
    }

    func bool(_ i: Int) throws -> Bool {
        switch kind(i) {
        case .true: return true
        case .false: return false
        default: throw mismatch(Bool.self, i)
        }
    }

    func numberText(_ i: Int) -> String {
        let start = offset(i)
        return String(decoding: UnsafeBufferPointer(rebasing: b[start..<start + rawLength(i)]), as: UTF8.self)
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type, _ i: Int) throws -> I {
        guard kind(i) == .number else { throw mismatch(type, i) }
        let start = offset(i), len = rawLength(i)
        if JSONTape.flag(t[i]) {
            var k = start
            let negative = b[k] == 0x2D
            if negative { k += 1 }
            var magnitude: UInt64 = 0
            var overflow = false
            while k < start + len {
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(UInt64(b[k] &- 0x30))
                magnitude = s
                overflow = overflow || o1 || o2
                k += 1
            }
            if !overflow {
                if !negative, let v = I(exactly: magnitude) { return v }
                if negative, magnitude <= UInt64(Int64.max) + 1 {
                    let v = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
                    if let r = I(exactly: v) { return r }
                }
            }
        } else if let r = I(exactly: try double(i)) {
            return r
        }
        throw DecodingError.dataCorrupted(context(i, "the number \(numberText(i)) does not fit in \(I.self)"))
    }

    func double(_ i: Int) throws -> Double {
        guard kind(i) == .number else { throw mismatch(Double.self, i) }
        if JSONTape.flag(t[i]) && rawLength(i) <= 15 { return Double(try integer(Int64.self, i)) }
        let s = numberText(i)
        guard let d = Double(s), d.isFinite else {
            throw DecodingError.dataCorrupted(context(i, "the number \(s) is not representable in Double"))
        }
        return d
    }

    func float(_ i: Int) throws -> Float {
        let d = try double(i)
        guard abs(d) <= Double(Float.greatestFiniteMagnitude) else {
            throw DecodingError.dataCorrupted(context(i, "the number \(numberText(i)) is not representable in Float"))
        }
        return Float(d)
    }

    // MARK: Keys
}
