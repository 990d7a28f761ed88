// snapshot under load: fan-out (a) runs (window 8, or at --rate, until stopped) on a server whose board holds
// 100,000 tickets and 1,000,000 comments, while that board is snapshotted. Reported: the longest
// gap between two arrivals at any one client while the snapshot ran, against the same in an
// equally long window before it; in-process also the server's longest event-loop turn.
//
// The load generator runs on its own thread; this thread starts the snapshot and watches it:
// in-process through `requestSnapshot()`, for the binary through its --snapshot-interval and its
// "snapshot written … total_ms=N" log line (the snapshot ran during the N ms before that line).
// Rooms are the board's tickets 1…100, so preparing the run changes nothing before the snapshot.
import Dispatch
import Foundation
import Glibc
import Synchronization

enum SnapshotScenario {
    static func run(_ bench: Bench) throws -> ScenarioResult {
        let sizes = bench.options.sizes
        let size = FanoutSize(agents: sizes.fanA.agents, rooms: min(sizes.fanA.rooms, sizes.snapshotTickets),
                              perAgent: 0)
        var r = ScenarioResult(name: "snapshot", agents: size.agents, rooms: size.rooms)
        if case .external = bench.server {
            r.notes = ["skipped: needs a server the bench starts on a prepared board (not --host/--port)"]
            r.skipped = true
            return r
        }
        let root = try TargetServer.temporaryRoot()
        bench.say("snapshot: building a board of \(sizes.snapshotTickets) tickets, \(sizes.snapshotComments) comments")
        let f = try BigBoard.write(tickets: sizes.snapshotTickets, comments: sizes.snapshotComments, into: root + "/data")
        var notes = [
            String(format: "board %d tickets, %d comments built in %.0f ms", sizes.snapshotTickets, sizes.snapshotComments, f.buildMs),
            String(format: "snapshot file %.1f MB: encoded into the file, synced and renamed in %.0f ms", Double(f.snapshotBytes) / 1e6,
                   f.writeMs),
            String(format: "first change after a snapshot copy (copy-on-write) %.1f ms", f.firstChangeAfterCopyMs),
        ]
        var settings = bench.options.settings
        // In-process the bench asks for the snapshot; the binary takes it on its own schedule,
        // after the agents connected and the fan-out ran for the warm-up.
        settings.snapshotIntervalSeconds = bench.isInProcessServer ? 3600
            : Int((sizes.snapshotWarmupSeconds + sizes.settleSeconds + 3).rounded(.up))
        bench.say("snapshot: starting the server on it (loads the snapshot)")
        let server = try bench.startServer(settings: settings, root: root)
        defer {
            if let left = server.stop(abandon: server.isInProcess && sizes.snapshotTickets > 20_000) { bench.leftovers.append(left) }
        }
        notes.append(String(format: "server start-up (load) %.0f ms", server.startupSeconds * 1e3))

        var setup = DriverSetup(port: server.port, agents: size.agents, roomTickets: Array(1...size.rooms),
                                nickPrefix: bench.nickPrefix("s"))
        setup.host = server.host
        let signal = RunSignal()
        var plan = FanoutPlan(perAgent: nil, window: sizes.window, maxSeconds: 1800, signal: signal)
        // At the maximum rate both cores are busy and every gap is long anyway; at a fixed rate
        // (--rate) a stall stands out as a silence every client sees.
        plan.rate = bench.options.rate
        let run = BackgroundFanout(setup: setup, plan: plan, settle: sizes.settleSeconds)
        let cpu0 = server.cpuSeconds()
        run.start()
        guard let t0 = run.waitUntilSending(signal) else {
            r.notes = notes + ["the fan-out did not start: " + (run.connect?.diagnostic ?? "no agent ready")]
            return r
        }
        bench.say("snapshot: fan-out running; waiting for the snapshot")
        // The server's memory from here on, the snapshot's buffers included (the bench's own too
        // when the server runs in-process).
        let peakReset = server.pid.map { ProcessStats.resetPeakRSS(pid: $0) } ?? false
        let rssBefore = server.pid.flatMap { ProcessStats.rssKiB(pid: $0) }
        var window: (start: UInt64, end: UInt64)
        var longestTurnBefore: UInt64?
        var longestTurn: UInt64?
        let warmup = sizes.snapshotWarmupSeconds
        if let handle = server.handle {
            // The longest turn "before" leaves out the first turns, which answer every agent at once.
            usleep(UInt32(warmup / 4 * 1e6))
            handle.inspect { $0.resetLongestTurn() }
            usleep(UInt32(warmup * 3 / 4 * 1e6))
            let before = handle.inspect { $0.lastSnapshotSeq }
            let start = Clock.nanos()
            longestTurnBefore = handle.inspect { s in
                let turn = s.longestTurnNanos
                s.resetLongestTurn()
                s.requestSnapshot()
                return turn
            }
            let deadline = start + 1_800_000_000_000
            var written = false
            while !written && Clock.nanos() < deadline && run.isRunning {
                usleep(10_000)
                written = handle.inspect { $0.lastSnapshotSeq } > before
            }
            window = (start, written ? Clock.nanos() : start)
            if !written { notes.append("the snapshot did not finish") }
            longestTurn = handle.inspect { $0.longestTurnNanos }
        } else {
            let deadline = Clock.nanos() + 1_800_000_000_000
            var logged: [Int] = []
            while logged.isEmpty && Clock.nanos() < deadline && run.isRunning {
                usleep(20_000)
                logged = server.newSnapshotsLogged()
            }
            let end = Clock.nanos()
            window = (end - UInt64(logged.first ?? 0) * 1_000_000, end)
            if logged.isEmpty { notes.append("no snapshot was logged") }
        }
        usleep(UInt32(min(0.3, warmup / 4) * 1e6))
        let rssPeak = peakReset ? server.pid.flatMap { ProcessStats.peakRSSKiB(pid: $0) } : nil
        signal.stop()
        let outcome = run.waitForOutcome()
        let cpu = bench.serverCPU(server, from: cpu0, benchSeconds: outcome?.benchCPUSeconds ?? 0)
        guard let o = outcome, let connect = run.connect else {
            r.notes = notes + ["the load generator failed: \(run.failure ?? "?")"]
            return r
        }
        r = FanoutScenario.result(name: "snapshot", size: size, connect: connect, outcome: o, serverCPU: cpu)
        let length = window.end - window.start
        r.snapshotSeconds = Double(length) / 1e9
        // A stall that begins in the snapshot's last moments ends just after it.
        r.longestGapMs = o.timeline.longestGap(t0: t0, from: window.start, to: window.end + 200_000_000)
        let beforeStart = max(t0 + UInt64(warmup / 4 * 1e9), window.start > length ? window.start - length : 0)
        if window.start > beforeStart {
            r.longestGapBeforeMs = o.timeline.longestGap(t0: t0, from: beforeStart, to: window.start)
        } else {
            notes.append("the snapshot began before the fan-out warmed up: no window before it")
        }
        r.longestTurnMs = longestTurn.map { Double($0) / 1e6 }
        let during = (window.start, window.end + 200_000_000)
        r.longestSilenceMs = o.timeline.longestSilence(t0: t0, from: during.0, to: during.1)
        var summary = String(format: "snapshot %.1f s; longest gap at a client %.1f ms during it", Double(length) / 1e9,
                             r.longestGapMs ?? 0)
        if let b = r.longestGapBeforeMs { summary += String(format: " (%.1f ms in the %.1f s before)", b, Clock.seconds(beforeStart, window.start)) }
        summary += String(format: "; longest silence at all clients %.1f ms during it", r.longestSilenceMs ?? 0)
        if let end = o.timeline.longestSilenceEnd(t0: t0, from: during.0, to: during.1) {
            summary += String(format: " (ending %.2f s into the %.2f s)", end, Double(length) / 1e9)
        }
        if window.start > beforeStart {
            r.longestSilenceBeforeMs = o.timeline.longestSilence(t0: t0, from: beforeStart, to: window.start)
            summary += String(format: " (%.1f ms before)", r.longestSilenceBeforeMs ?? 0)
        }
        summary += String(format: "; deliveries/s %@ during, %@ before",
                          ResultTable.rate(o.timeline.perSecond(t0: t0, from: window.start, to: window.end)),
                          ResultTable.rate(o.timeline.perSecond(t0: t0, from: beforeStart, to: window.start)))
        r.rssStartKiB = rssBefore
        r.rssPeakKiB = rssPeak
        if let before = rssBefore, let peak = rssPeak {
            summary += String(format: "; server memory %.0f MB before, peak %.0f MB with the snapshot", Double(before) / 1024,
                              Double(peak) / 1024)
        }
        if let turn = longestTurn {
            summary += String(format: "; longest loop turn %.1f ms (%.1f ms before)", Double(turn) / 1e6,
                              Double(longestTurnBefore ?? 0) / 1e6)
        }
        if let rate = plan.rate { notes.insert(String(format: "open loop at %.0f comments/s", rate), at: 0) }
        r.notes = [summary] + notes + r.notes
        r.complete = r.complete && length > 0
        bench.say("snapshot: " + summary)
        return r
    }
}

extension Timeline {
    /// The longest arrival gap at one client (ms) that ended in [from, to).
    func longestGap(t0: UInt64, from: UInt64, to: UInt64) -> Double {
        guard let range = buckets(t0: t0, from: from, to: to) else { return 0 }
        return Double(longestGapMicros[range].max() ?? 0) / 1e3
    }

    /// The longest time (ms) in which no client received anything, ending in [from, to).
    func longestSilence(t0: UInt64, from: UInt64, to: UInt64) -> Double {
        guard let range = buckets(t0: t0, from: from, to: to) else { return 0 }
        return Double(longestSilenceMicros[range].max() ?? 0) / 1e3
    }

    /// When that silence ended, in seconds after `from` (to the bucket).
    func longestSilenceEnd(t0: UInt64, from: UInt64, to: UInt64) -> Double? {
        guard let range = buckets(t0: t0, from: from, to: to),
              let i = range.max(by: { longestSilenceMicros[$0] < longestSilenceMicros[$1] }) else { return nil }
        return Double(t0 + UInt64(i) * Timeline.bucketNanos) / 1e9 - Double(from) / 1e9
    }

    func perSecond(t0: UInt64, from: UInt64, to: UInt64) -> Double? {
        guard to > from, let range = buckets(t0: t0, from: from, to: to) else { return nil }
        let n = deliveries[range].reduce(0) { $0 + Int($1) }
        return Double(n) / (Double(range.count) * Double(Timeline.bucketNanos) / 1e9)
    }

    private func buckets(t0: UInt64, from: UInt64, to: UInt64) -> Range<Int>? {
        let a = from > t0 ? Int((from - t0) / Timeline.bucketNanos) : 0
        let b = min(to > t0 ? Int((to - t0) / Timeline.bucketNanos) + 1 : 0, deliveries.count)
        return a < b ? a..<b : nil
    }
}

/// A fan-out driven on its own thread (the driver is not Sendable: it is made inside the thread).
final class BackgroundFanout: Sendable {
    private let setup: DriverSetup
    private let plan: FanoutPlan
    private let settle: Double
    private let state = Mutex<(connect: ConnectOutcome?, outcome: FanoutOutcome?, failure: String?, running: Bool)>((nil, nil, nil, false))
    private let finished = DispatchSemaphore(value: 0)

    init(setup: DriverSetup, plan: FanoutPlan, settle: Double) {
        self.setup = setup
        self.plan = plan
        self.settle = settle
    }

    var connect: ConnectOutcome? { state.withLock { $0.connect } }
    var failure: String? { state.withLock { $0.failure } }
    var isRunning: Bool { state.withLock { $0.running } }

    func start() {
        state.withLock { $0.running = true }
        let thread = Thread { [self] in
            do {
                let driver = try LoadDriver(setup)
                let c = driver.connectAll()
                state.withLock { $0.connect = c }
                if c.ready > 0 {
                    driver.hold(seconds: settle)
                    let o = driver.runFanout(plan)
                    state.withLock { $0.outcome = o }
                }
                driver.closeAll()
            } catch {
                state.withLock { $0.failure = "\(error)" }
            }
            state.withLock { $0.running = false }
            finished.signal()
        }
        thread.name = "swarmline-bench-driver"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The monotonic time sending started, or nil if the driver gave up first.
    func waitUntilSending(_ signal: RunSignal) -> UInt64? {
        while signal.started == 0 {
            if !isRunning { return nil }
            usleep(10_000)
        }
        return signal.started
    }

    func waitForOutcome() -> FanoutOutcome? {
        finished.wait()
        return state.withLock { $0.outcome }
    }
}
