// Fan-out: every agent posts `/say #T payload` to its room, and the other members' copies are
// counted and timed by the receivers. Two ways of sending, as in swarmload:
// - window (closed loop): an agent keeps at most W comments that some member has not received
//   yet; this finds the maximum throughput, and its latency is mostly queueing;
// - rate (open loop): M comments per second in total, round-robin over the agents; each payload
//   carries its *scheduled* send time, so a late sender or a stalled server shows up as latency
//   (no coordinated omission).
import Glibc
import Synchronization

/// Lets another thread see when sending started and tell an endless run to stop.
public final class RunSignal: Sendable {
    private let startedAt = Atomic<UInt64>(0)
    private let stopRequested = Atomic<Bool>(false)
    public init() {}
    /// Monotonic ns when the run started sending; 0 before.
    public var started: UInt64 { startedAt.load(ordering: .acquiring) }
    func markStarted(_ t: UInt64) { startedAt.store(t, ordering: .releasing) }
    public func stop() { stopRequested.store(true, ordering: .releasing) }
    var isStopped: Bool { stopRequested.load(ordering: .acquiring) }
}

struct FanoutPlan: Sendable {
    /// Comments per agent; nil sends until `signal` stops the run.
    var perAgent: Int?
    var window = 8
    /// Comments per second in total (open loop); nil: window mode.
    var rate: Double?
    /// Rate mode: most comments one agent may have undelivered (swarmload's --max-outstanding).
    var maxOutstanding = 256
    var maxSeconds = 120.0
    var drainSeconds = 3.0
    var signal: RunSignal?
}

/// One comment an agent sent, until every other member of its room has it.
struct Slot {
    var seq: UInt32 = .max
    var remaining: UInt32 = 0
    var sentAt: UInt64 = 0
}

/// Deliveries counted per 10 ms since the start, with the longest arrival gaps ending in each:
/// at one client (since that client's previous delivery), and of the whole run (since anyone's
/// previous delivery: a silence every client saw, the mark of a stalled server).
public struct Timeline: Sendable {
    public static let bucketNanos: UInt64 = 10_000_000
    public var deliveries: [UInt32] = []
    public var longestGapMicros: [UInt32] = []
    public var longestSilenceMicros: [UInt32] = []
}

struct FanoutState {
    var ring: UnsafeMutablePointer<Slot>?
    var ringSize = 0
    var ringMask: UInt32 = 0
    var windowMode = true
    var window: UInt32 = 8
    var rate = 0.0
    var perAgent = UInt32.max
    var sending = true
    var t0: UInt64 = 0
    var lastDelivery: UInt64 = 0
    var lastArrivalAnywhere: UInt64 = 0
    var totalToSend: UInt64 = 0
    var totalSent: UInt64 = 0
    var totalOutstanding: UInt64 = 0
    var expected: UInt64 = 0
    var delivered: UInt64 = 0
    var acks: UInt64 = 0
    var echoes: UInt64 = 0
    var untracked: UInt64 = 0
    var overwritten: UInt64 = 0
    var stalls: UInt64 = 0
    var cursor = 0
    var histogram = LatencyHistogram()
    var timeline = Timeline()

    mutating func release() {
        ring?.deallocate()
        ring = nil
    }
}

public struct FanoutOutcome: Sendable {
    public var start: UInt64
    public var end: UInt64
    public var sent: UInt64
    public var expected: UInt64
    public var delivered: UInt64
    public var acks: UInt64
    public var echoes: UInt64
    public var untracked: UInt64
    /// Rate mode: times a due comment could not go out (every agent had 256 undelivered).
    public var stalls: UInt64
    public var serverErrors: Int
    public var disconnects: Int
    public var histogram: LatencyHistogram
    public var timeline: Timeline
    public var benchCPUSeconds: Double
    public var complete: Bool
    public var diagnostic: String?

    public var seconds: Double { Clock.seconds(start, end) }
    public var lost: UInt64 { expected > delivered ? expected - delivered : 0 }
}

extension LoadDriver {
    func runFanout(_ plan: FanoutPlan) -> FanoutOutcome {
        let cpu0 = Clock.threadCPUSeconds()
        let need = plan.rate == nil ? plan.window : plan.maxOutstanding
        var size = 1
        while size < need + 1 { size <<= 1 }
        fan.release()
        fan = FanoutState()
        fan.ringSize = size
        fan.ringMask = UInt32(size - 1)
        fan.ring = .allocate(capacity: max(count, 1) * size)
        fan.ring!.initialize(repeating: Slot(), count: max(count, 1) * size)
        fan.windowMode = plan.rate == nil
        fan.window = UInt32(plan.window)
        fan.rate = plan.rate ?? 0
        fan.perAgent = plan.perAgent.map { UInt32($0) } ?? .max
        fan.totalToSend = plan.perAgent.map { UInt64(readyCount) * UInt64($0) } ?? .max
        for i in 0..<count {
            conns[i].sent = 0
            conns[i].outstanding = 0
            conns[i].lastArrival = 0
        }
        phase = .fanout
        now = Clock.nanos()
        fan.t0 = now
        plan.signal?.markStarted(now)
        if fan.windowMode {
            for i in 0..<count where conns[i].state == .ready { pumpWindow(i) }
        } else {
            pumpRate()
        }
        flushDirty()
        let deadline = fan.t0 + UInt64(plan.maxSeconds * 1e9)
        var drainUntil = UInt64.max
        while true {
            var timeout: Int64 = 5_000_000
            if !fan.windowMode && fan.sending && fan.totalSent < fan.totalToSend {
                let next = fan.t0 + UInt64(Double(fan.totalSent) * 1e9 / fan.rate)
                timeout = next > now ? Int64(min(next - now, 1_000_000)) : 0
            }
            turn(timeoutNanos: timeout)
            if !fan.windowMode && fan.sending { pumpRate() }
            // Done when every copy arrived and every sender has its `OK ^C posted`.
            let settled = fan.totalOutstanding == 0 && fan.acks >= fan.totalSent
            if fan.totalSent >= fan.totalToSend && settled { break }
            if fan.sending && (now >= deadline || plan.signal?.isStopped == true) {
                fan.sending = false
                drainUntil = now + UInt64(plan.drainSeconds * 1e9)
            }
            if !fan.sending && (settled || now >= drainUntil) { break }
            flushDirty()
        }
        flushDirty()
        let end = fan.lastDelivery > fan.t0 ? fan.lastDelivery : now
        let used = Int((end - fan.t0) / Timeline.bucketNanos) + 1
        if fan.timeline.deliveries.count > used {
            fan.timeline.deliveries.removeLast(fan.timeline.deliveries.count - used)
            fan.timeline.longestGapMicros.removeLast(fan.timeline.longestGapMicros.count - used)
            fan.timeline.longestSilenceMicros.removeLast(fan.timeline.longestSilenceMicros.count - used)
        }
        let complete = fan.totalOutstanding == 0 && disconnects == 0 && serverErrors == 0
            && (plan.perAgent == nil || fan.totalSent == fan.totalToSend)
        return FanoutOutcome(start: fan.t0, end: end, sent: fan.totalSent, expected: fan.expected,
                             delivered: fan.delivered, acks: fan.acks, echoes: fan.echoes, untracked: fan.untracked,
                             stalls: fan.stalls, serverErrors: serverErrors, disconnects: disconnects, histogram: fan.histogram,
                             timeline: fan.timeline, benchCPUSeconds: Clock.threadCPUSeconds() - cpu0,
                             complete: complete, diagnostic: diagnostic)
    }

    @inline(__always)
    private func pumpWindow(_ i: Int) {
        while fan.sending && conns[i].state == .ready && conns[i].sent < fan.perAgent
                && conns[i].outstanding < fan.window {
            post(i, scheduledAt: now)
        }
    }

    /// Comment k (from 0) is due at t0 + k/rate: sends every comment due by now.
    private func pumpRate() {
        let elapsed = Double(now - fan.t0) / 1e9
        let due = min(UInt64(elapsed * fan.rate) + 1, fan.totalToSend)
        while fan.totalSent < due {
            var chosen = -1
            for _ in 0..<count {
                let i = fan.cursor
                fan.cursor = fan.cursor + 1 == count ? 0 : fan.cursor + 1
                if conns[i].state == .ready && conns[i].sent < fan.perAgent && conns[i].outstanding <= fan.ringMask {
                    chosen = i
                    break
                }
            }
            guard chosen >= 0 else { fan.stalls += 1; return }
            post(chosen, scheduledAt: fan.t0 + UInt64(Double(fan.totalSent) * 1e9 / fan.rate))
        }
    }

    @inline(__always)
    private func post(_ i: Int, scheduledAt t: UInt64) {
        let seq = conns[i].sent
        conns[i].sent += 1
        let slot = fan.ring! + (i * fan.ringSize + Int(seq & fan.ringMask))
        if slot.pointee.remaining > 0 {
            fan.overwritten += 1
            conns[i].outstanding -= 1
            fan.totalOutstanding -= 1
        }
        let room = Int(conns[i].room)
        let others = UInt32(max(roomMembers[room] - 1, 0))
        slot.pointee = Slot(seq: seq, remaining: others, sentAt: t)
        fan.totalSent += 1
        fan.expected += UInt64(others)
        if others > 0 {
            conns[i].outstanding += 1
            fan.totalOutstanding += 1
        }
        sayBytes.withUnsafeBufferPointer { b in
            conns[i].out.append(b.baseAddress! + sayStart[room], sayStart[room + 1] - sayStart[room])
        }
        Payload.write(into: &conns[i].out, sender: i, seq: seq, sentAt: t, size: setup.payloadSize)
        conns[i].out.append(byte: 0x0A)
        markDirty(i)
    }

    /// A copy of `s`'s comment reached agent `i`.
    @inline(__always)
    func delivered(to i: Int, _ s: Payload.Stamp) {
        if s.sender == i { fan.echoes += 1; return }
        guard s.sender >= 0 && s.sender < count else { fan.untracked += 1; return }
        fan.delivered += 1
        fan.lastDelivery = now
        fan.histogram.record(Int64(bitPattern: now &- s.sentAt))
        noteArrival(i)
        let slot = fan.ring! + (s.sender * fan.ringSize + Int(s.seq & fan.ringMask))
        guard slot.pointee.seq == s.seq && slot.pointee.remaining > 0 else { fan.untracked += 1; return }
        slot.pointee.remaining -= 1
        if slot.pointee.remaining == 0 {
            conns[s.sender].outstanding -= 1
            fan.totalOutstanding -= 1
            if fan.windowMode { pumpWindow(s.sender) }
        }
    }

    @inline(__always)
    private func noteArrival(_ i: Int) {
        let bucket = Int((now &- fan.t0) / Timeline.bucketNanos)
        if bucket >= fan.timeline.deliveries.count {
            let grow = max(bucket + 1, fan.timeline.deliveries.count * 2) - fan.timeline.deliveries.count
            fan.timeline.deliveries.append(contentsOf: repeatElement(0, count: grow))
            fan.timeline.longestGapMicros.append(contentsOf: repeatElement(0, count: grow))
            fan.timeline.longestSilenceMicros.append(contentsOf: repeatElement(0, count: grow))
        }
        fan.timeline.deliveries[bucket] &+= 1
        let last = conns[i].lastArrival
        if last != 0 {
            let gap = UInt32(min((now &- last) / 1000, UInt64(UInt32.max)))
            if gap > fan.timeline.longestGapMicros[bucket] { fan.timeline.longestGapMicros[bucket] = gap }
        }
        conns[i].lastArrival = now
        if fan.lastArrivalAnywhere != 0 {
            let silence = UInt32(min((now &- fan.lastArrivalAnywhere) / 1000, UInt64(UInt32.max)))
            if silence > fan.timeline.longestSilenceMicros[bucket] { fan.timeline.longestSilenceMicros[bucket] = silence }
        }
        fan.lastArrivalAnywhere = now
    }
}
