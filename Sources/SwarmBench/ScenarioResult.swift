// One row of the benchmark's table (and one JSON line with --json). Fields a scenario does not
// measure stay nil and print as "-".
import Foundation

public struct ScenarioResult: Sendable, Codable {
    public var name: String
    public var agents: Int
    public var rooms: Int
    /// Agents that connected, said /hello and joined their room.
    public var ready = 0
    /// From the first connect until every agent was ready.
    public var connectSeconds = 0.0
    /// The measured phase: first send to last delivery (or reply).
    public var seconds: Double?
    /// Comments (fan-out) or requests (request/response) sent.
    public var sent: UInt64?
    /// Copies that should have arrived: Σ over comments of (room members − 1); requests for rr.
    public var expected: UInt64?
    /// Copies (fan-out) or replies (rr) that did arrive.
    public var delivered: UInt64?
    /// `OK ^C posted` replies to the senders (fan-out).
    public var acks: UInt64?
    /// Comments/s or requests/s.
    public var inPerSecond: Double?
    /// Deliveries/s: one copy of a comment to one other member.
    public var outPerSecond: Double?
    /// Open-loop rate asked for (comments/s), for the fixed-rate runs.
    public var targetRate: Double?
    public var p50Ms: Double?
    public var p99Ms: Double?
    public var p999Ms: Double?
    public var maxMs: Double?
    /// Server CPU (user + system, all threads) over the measured phase.
    public var serverCPUSeconds: Double?
    /// Server CPU seconds per million deliveries (fan-out) or replies (rr).
    public var cpuPerMillion: Double?
    /// The load generator's own CPU over the measured phase.
    public var benchCPUSeconds: Double?
    public var rssStartKiB: Int?
    public var rssEndKiB: Int?
    public var rssPerAgentKiB: Double?
    /// Snapshot under load: the server's peak resident size while the fan-out and the snapshot ran.
    public var rssPeakKiB: Int?
    /// Snapshot under load: how long the snapshot took, the longest gap between two arrivals at
    /// any one client while it ran, the same in an equally long window before it, and the longest
    /// event-loop turn (in-process only).
    public var snapshotSeconds: Double?
    public var longestGapMs: Double?
    public var longestGapBeforeMs: Double?
    public var longestTurnMs: Double?
    /// The longest time no client received anything, during the snapshot and before it.
    public var longestSilenceMs: Double?
    public var longestSilenceBeforeMs: Double?
    /// Everything expected arrived, nothing failed, no error.
    public var complete = false
    /// Not run (the snapshot scenario against --host/--port).
    public var skipped = false
    public var notes: [String] = []

    public init(name: String, agents: Int, rooms: Int) {
        self.name = name
        self.agents = agents
        self.rooms = rooms
    }

    mutating func setLatency(_ h: LatencyHistogram) {
        guard h.count > 0 else { return }
        p50Ms = h.percentile(0.5) / 1e6
        p99Ms = h.percentile(0.99) / 1e6
        p999Ms = h.percentile(0.999) / 1e6
        maxMs = Double(h.max) / 1e6
    }

    /// CPU per million of `units`, and the "cores used" note that shows whether the machine was the limit.
    mutating func setCPU(server: Double?, bench: Double, units: UInt64) {
        benchCPUSeconds = bench
        serverCPUSeconds = server
        if let server, units > 0 { cpuPerMillion = server / Double(units) * 1e6 }
        if let seconds, seconds > 0 {
            let cores = ((server ?? 0) + bench) / seconds
            notes.append(String(format: "cores used %.2f (server %.2f s, bench %.2f s CPU)", cores, server ?? 0, bench))
        }
    }

    public var jsonLine: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? e.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
