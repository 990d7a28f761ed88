// Request/response: each connection keeps `depth` `/ping payload` requests in flight and sends the
// next one as each `OK pong payload` arrives; latency is reply time minus the request's send time.
struct RequestPlan {
    var perConnection: Int
    var depth: Int
    var maxSeconds = 120.0
    var drainSeconds = 3.0
}

struct RequestState {
    var perConnection: UInt32 = 0
    var total: UInt64 = 0
    var sent: UInt64 = 0
    var replies: UInt64 = 0
    var untracked: UInt64 = 0
    var lastReply: UInt64 = 0
    var histogram = LatencyHistogram()
}

public struct RequestOutcome: Sendable {
    public var start: UInt64
    public var end: UInt64
    public var sent: UInt64
    public var replies: UInt64
    public var untracked: UInt64
    public var serverErrors: Int
    public var disconnects: Int
    public var histogram: LatencyHistogram
    public var benchCPUSeconds: Double
    public var complete: Bool
    public var diagnostic: String?

    public var seconds: Double { Clock.seconds(start, end) }
}

extension LoadDriver {
    func runRequests(_ plan: RequestPlan) -> RequestOutcome {
        let cpu0 = Clock.threadCPUSeconds()
        req = RequestState()
        req.perConnection = UInt32(plan.perConnection)
        req.total = UInt64(readyCount) * UInt64(plan.perConnection)
        phase = .requests
        now = Clock.nanos()
        let t0 = now
        for i in 0..<count where conns[i].state == .ready {
            conns[i].sent = 0
            conns[i].done = 0
            for _ in 0..<plan.depth where conns[i].sent < req.perConnection { ping(i) }
        }
        flushDirty()
        let deadline = t0 + UInt64(plan.maxSeconds * 1e9)
        var drainUntil = UInt64.max
        while req.replies < req.total {
            turn(timeoutNanos: 5_000_000)
            flushDirty()
            if drainUntil == .max && now >= deadline {
                req.perConnection = 0
                drainUntil = now + UInt64(plan.drainSeconds * 1e9)
            }
            if now >= drainUntil || (drainUntil != .max && req.replies >= req.sent) { break }
        }
        let end = req.lastReply > t0 ? req.lastReply : now
        return RequestOutcome(start: t0, end: end, sent: req.sent, replies: req.replies, untracked: req.untracked,
                              serverErrors: serverErrors, disconnects: disconnects, histogram: req.histogram,
                              benchCPUSeconds: Clock.threadCPUSeconds() - cpu0,
                              complete: req.replies == req.total && serverErrors == 0 && disconnects == 0,
                              diagnostic: diagnostic)
    }

    @inline(__always)
    private func ping(_ i: Int) {
        let seq = conns[i].sent
        conns[i].sent += 1
        req.sent += 1
        LoadDriver.pingPrefix.withUnsafeBufferPointer { conns[i].out.append($0) }
        Payload.write(into: &conns[i].out, sender: i, seq: seq, sentAt: now, size: setup.payloadSize)
        conns[i].out.append(byte: 0x0A)
        markDirty(i)
    }

    /// `OK pong <payload>` reached connection `i`.
    @inline(__always)
    func replied(to i: Int, _ s: Payload.Stamp) {
        guard s.sender == i else { req.untracked += 1; return }
        req.replies += 1
        req.lastReply = now
        req.histogram.record(Int64(bitPattern: now &- s.sentAt))
        conns[i].done += 1
        if conns[i].sent < req.perConnection { ping(i) }
    }

    static let pingPrefix: [UInt8] = Array("/ping ".utf8)
}
