// A way around the Codable round trip for the few types a big board holds by the million.
//
// Through `encode(to:)` every comment cost a frame, a keyed container box, four generic member
// calls and two single-value wrappers (its id and time): most of a snapshot's encoding time. A
// type that conforms here writes its own bytes, the very bytes its `encode(to:)` writes through
// FastJSON with a struct's keys as declared; `SnapshotJSONTests` checks that on random boards by
// encoding with and without this path. With `keyOrder: .sorted` the Codable path is taken.
protocol JSONSelfWriting {
    func writeJSON(to text: inout JSONText)
}

extension JSONEncoding {
    /// Writes `value` through its own `writeJSON`, `W` being `T` (checked by the caller's cast).
    @inline(__always)
    func writeSelf<T, W: JSONSelfWriting>(_ value: T, as _: W.Type) {
        withUnsafePointer(to: value) { p in
            p.withMemoryRebound(to: W.self, capacity: 1) { p in p.pointee.writeJSON(to: &writer) }
        }
    }
}
