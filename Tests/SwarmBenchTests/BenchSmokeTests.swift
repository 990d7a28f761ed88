// The benchmark at toy size against a real in-process server on port 0: every scenario runs, and
// its counts are exact (every copy a room member should get arrived, every request was answered).
// No figure is checked against a speed: the benchmark proper runs in Scripts/bench, never here.
import Testing
@testable import SwarmBench

@Suite struct BenchSmokeTests {
    static func toyOptions() -> BenchOptions {
        var o = BenchOptions()
        o.server = .inProcess
        var s = BenchSizes()
        s.idleAgents = 20
        s.idleRooms = 2
        s.idleHoldSeconds = 0
        s.fanA = FanoutSize(agents: 20, rooms: 2, perAgent: 5)
        s.fanB = FanoutSize(agents: 10, rooms: 1, perAgent: 5)
        s.rateSeconds = 0.2
        s.rrConnections = 4
        s.rrDepth1PerConnection = 20
        s.rrDepth16PerConnection = 40
        s.snapshotTickets = 200
        s.snapshotComments = 2_000
        s.snapshotWarmupSeconds = 0.6
        s.settleSeconds = 0
        o.sizes = s
        return o
    }

    @Test func everyScenario_AtToySize_DeliversEveryCopyAndAnswersEveryPing() throws {
        let rows = try Bench(Self.toyOptions(), progress: { _ in }).run()
        #expect(rows.map(\.name) == ["idle-20", "fanA-max", "fanA-rate", "fanB-max", "fanB-rate", "rr-4x1", "rr-4x16", "snapshot"])
        for r in rows {
            #expect(r.complete, "\(r.name): \(r.notes)")
            #expect(r.ready == r.agents, "\(r.name)")
        }
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0) })

        #expect(byName["idle-20"]?.rssPerAgentKiB != nil)

        // Rooms of 10: each comment is one copy for each of the 9 other members.
        for name in ["fanA-max", "fanA-rate", "fanB-max", "fanB-rate", "snapshot"] {
            let r = try #require(byName[name])
            let sent = try #require(r.sent)
            #expect(sent > 0, "\(name)")
            #expect(r.expected == sent * 9, "\(name)")
            #expect(r.delivered == r.expected, "\(name)")
            #expect(r.acks == sent, "\(name)")
        }
        #expect(byName["fanA-max"]?.sent == 20 * 5)
        #expect(byName["fanB-max"]?.sent == 10 * 5)
        // The fixed-rate run sends rate × duration comments, spread evenly over the agents.
        for (name, agents) in [("fanA-rate", 20), ("fanB-rate", 10)] {
            let r = try #require(byName[name])
            let rate = try #require(r.targetRate)
            let perAgent = max(Int((rate * 0.2 / Double(agents)).rounded(.up)), 1)
            #expect(r.sent == UInt64(perAgent * agents), "\(name)")
        }

        #expect(byName["rr-4x1"]?.delivered == 4 * 20)
        #expect(byName["rr-4x16"]?.delivered == 4 * 40)

        let snapshot = try #require(byName["snapshot"])
        #expect((snapshot.snapshotSeconds ?? 0) > 0)
        #expect(snapshot.longestTurnMs != nil)
    }

    @Test func payload_RoundTripsThroughTheMarkerParser() {
        var b = ByteBuffer()
        defer { b.free() }
        let prefix = Array("[#12 14:03 ^17] b1x2: ".utf8)
        prefix.withUnsafeBufferPointer { b.append($0) }
        Payload.write(into: &b, sender: 417, seq: 4_000_000_000, sentAt: 123_456_789_012_345, size: 64)
        #expect(b.count == prefix.count + 64)
        let stamp = Payload.find(UnsafePointer(b.base!), UnsafePointer(b.base! + b.end))
        #expect(stamp?.sender == 417)
        #expect(stamp?.seq == 4_000_000_000)
        #expect(stamp?.sentAt == 123_456_789_012_345)
    }

    @Test func histogram_PercentilesStayWithinTheBucketError() {
        var h = LatencyHistogram()
        for v in 1...10_000 { h.record(Int64(v) * 1_000) }
        #expect(h.count == 10_000)
        #expect(h.max == 10_000_000)
        for (q, exact) in [(0.5, 5_000_000.0), (0.99, 9_900_000.0), (0.999, 9_990_000.0)] {
            #expect(abs(h.percentile(q) - exact) / exact < 0.016, "q \(q): \(h.percentile(q))")
        }
    }

    @Test func options_ParseScenarioGroupsAndTheOldSnapshotForm() throws {
        let o = try #require(try BenchOptions.parse(["--scenario", "fanA,rr-50x16", "--quick", "--fsync", "off"]))
        #expect(o.scenarios == [.fanAMax, .fanARate, .rr16])
        #expect(o.sizes.idleAgents == BenchSizes.quick.idleAgents)
        #expect(!o.settings.fsync)
        let old = try #require(try BenchOptions.parse(["5000", "20000"]))
        #expect(old.scenarios == [.snapshot])
        #expect(old.sizes.snapshotTickets == 5000 && old.sizes.snapshotComments == 20000)
        #expect(throws: BenchError.self) { try BenchOptions.parse(["--host", "10.0.0.1", "--port", "7420"]) }
        #expect(throws: BenchError.self) { try BenchOptions.parse(["--scenario", "nope"]) }
    }
}
