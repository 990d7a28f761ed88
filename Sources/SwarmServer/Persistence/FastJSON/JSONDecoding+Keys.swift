// FastJSON's key search: finding a member of an object by name, in about one comparison.
//
// Synthesized `init(from:)` asks for the same keys in the same order for every element of an
// array, so the k-th search in an object usually finds its key where the k-th search in the
// previous object at that depth did; a dictionary is read in file order, so a search that
// misses its prediction starts after the last key found. Each depth keeps this in a Level of
// raw buffers (no Array bookkeeping on a path taken for every field of every value).
import Foundation

extension JSONDecoding {
    /// Owns two buffers: made once per slot, freed by `free()` (never copied).
    struct Level {
        var object = -1
        /// Tape index of each member's key, for the object being read.
        var keys: UnsafeMutablePointer<Int>
        var keyCount = 0
        var keyCapacity = 16
        var searches = 0
        var last = -1
        /// Member number found by the k-th search of the previous object; -1 unknown.
        var predicted: UnsafeMutablePointer<Int32>
        static let predictions = 64

        init() {
            keys = .allocate(capacity: keyCapacity)
            predicted = .allocate(capacity: Level.predictions)
            predicted.initialize(repeating: -1, count: Level.predictions)
        }

        func free() {
            keys.deallocate()
            predicted.deallocate()
        }
    }

    /// The value of `key` in the object at `object`, or nil.
    func find(_ key: String, in object: Int, depth: Int) -> Int? {
        let level = level(depth)
        if level.pointee.object != object { index(object, into: level) }
        let k = level.pointee.searches
        level.pointee.searches = k + 1
        let keys = level.pointee.keys, n = level.pointee.keyCount
        var key = key
        return key.withUTF8 { name -> Int? in
            if k < Level.predictions {
                let m = Int(level.pointee.predicted[k])
                if m >= 0 && m < n && matches(keys[m], name) {
                    level.pointee.last = m
                    return keys[m] + 1
                }
            }
            var m = level.pointee.last + 1
            for _ in 0..<n {
                if m >= n { m = 0 }
                if matches(keys[m], name) {
                    level.pointee.last = m
                    if k < Level.predictions { level.pointee.predicted[k] = Int32(truncatingIfNeeded: m) }
                    return keys[m] + 1
                }
                m += 1
            }
            return nil
        }
    }

    /// Lists the object's member keys for searching (once per object).
    private func index(_ object: Int, into level: UnsafeMutablePointer<Level>) {
        level.pointee.object = object
        level.pointee.searches = 0
        level.pointee.last = -1
        var n = 0
        var i = object + 2
        let end = next(object)
        while i < end {
            if n == level.pointee.keyCapacity {
                let bigger = UnsafeMutablePointer<Int>.allocate(capacity: n * 2)
                bigger.moveInitialize(from: level.pointee.keys, count: n)
                level.pointee.keys.deallocate()
                level.pointee.keys = bigger
                level.pointee.keyCapacity = n * 2
            }
            level.pointee.keys[n] = i
            n += 1
            i = next(i + 1)
        }
        level.pointee.keyCount = n
    }

    @inline(__always) func matches(_ i: Int, _ k: UnsafeBufferPointer<UInt8>) -> Bool {
        let e = t[i]
        if JSONTape.flag(e) { return text(i).utf8.elementsEqual(k) }
        let len = JSONTape.length(e)
        guard len == k.count || len == JSONTape.lengthUnknown else { return false }
        if len == JSONTape.lengthUnknown && rawLength(i) != k.count { return false }
        // Keys are short: a byte loop beats a call to memcmp.
        let p = b.baseAddress! + JSONTape.offset(e) + 1
        for j in 0..<k.count where p[j] != k[j] { return false }
        return true
    }
}
