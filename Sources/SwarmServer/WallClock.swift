// Where the server reads the time: once per loop turn, then passed into the domain.
// Tests inject a ManualClock so that nothing depends on timing luck.
import Glibc
import Synchronization
import SwarmDomain

public protocol WallClock: Sendable {
    func now() -> Timestamp
}

public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(millis: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }
}

public final class ManualClock: WallClock {
    private let current: Mutex<Int64>

    public init(_ start: Timestamp = Timestamp(seconds: 1_795_000_000)) { current = Mutex(start.millis) }

    public func now() -> Timestamp { Timestamp(millis: current.withLock { $0 }) }
    public func advance(_ span: Span) { current.withLock { $0 += span.millis } }
    public func set(_ t: Timestamp) { current.withLock { $0 = t.millis } }
}
