// Latency histogram with 64 sub-buckets per power of two (at most 1.6 % error), the same layout
// as swarmload's, so that both tools report the same percentiles for the same samples.
public struct LatencyHistogram: Sendable {
    static let subBits = 6
    static let sub = 1 << subBits
    static let bucketCount = 2 * sub + 58 * sub

    private var counts = [UInt64](repeating: 0, count: LatencyHistogram.bucketCount)
    public private(set) var count: UInt64 = 0
    public private(set) var max: UInt64 = 0

    public init() {}

    @inline(__always)
    static func index(_ v: UInt64) -> Int {
        if v < UInt64(2 * sub) { return Int(v) }
        let msb = 63 - v.leadingZeroBitCount
        let shift = msb - subBits
        let i = 2 * sub + (shift - 1) * sub + Int((v >> UInt64(shift)) - UInt64(sub))
        return Swift.min(i, bucketCount - 1)
    }

    /// The middle of bucket `i`.
    static func value(_ i: Int) -> Double {
        if i < 2 * sub { return Double(i) }
        let k = i - 2 * sub
        let shift = k / sub + 1
        let low = Double(UInt64(k % sub + sub) << UInt64(shift))
        return low + Double(UInt64(1) << UInt64(shift)) / 2
    }

    /// Records one latency in nanoseconds (negative values, from a clock step, count as 0).
    @inline(__always)
    public mutating func record(_ nanos: Int64) {
        let v = UInt64(Swift.max(nanos, 0))
        counts[LatencyHistogram.index(v)] &+= 1
        count &+= 1
        if v > max { max = v }
    }

    /// The q-quantile (0...1) in nanoseconds; 0 when empty.
    public func percentile(_ q: Double) -> Double {
        guard count > 0 else { return 0 }
        let target = Swift.max(UInt64((q * Double(count)).rounded(.up)), 1)
        var cumulative: UInt64 = 0
        for i in 0..<counts.count {
            cumulative += counts[i]
            if cumulative >= target { return Swift.min(LatencyHistogram.value(i), Double(max)) }
        }
        return Double(max)
    }
}
