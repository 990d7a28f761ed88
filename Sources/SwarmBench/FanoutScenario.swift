// fan-out: agents in rooms post as fast as a window of 8 undelivered comments allows ("-max"),
// then, on a fresh server, at a fixed rate of half that maximum ("-rate", open loop: latency is
// the meaningful figure there). Comments/s in, deliveries/s out, latency at the receivers,
// server CPU per million deliveries.
import Foundation
import Glibc

enum FanoutScenario {
    static func runOnce(_ bench: Bench, name: String, size: FanoutSize, rate: Double?) throws -> ScenarioResult {
        let sizes = bench.options.sizes
        let server = try bench.startServer()
        defer { server.stop() }
        bench.say("\(name): opening \(size.rooms) rooms, connecting \(size.agents) agents")
        let tickets = try RoomTickets.open(count: size.rooms, host: server.host, port: server.port,
                                           name: bench.nickPrefix("p") + "0")
        var setup = DriverSetup(port: server.port, agents: size.agents, roomTickets: tickets,
                                nickPrefix: bench.nickPrefix(rate == nil ? "m" : "f"))
        setup.host = server.host
        let driver = try LoadDriver(setup)
        let connect = driver.connectAll()
        driver.hold(seconds: sizes.settleSeconds)
        var plan = FanoutPlan(window: sizes.window)
        if let rate {
            plan.rate = rate
            let total = rate * sizes.rateSeconds
            plan.perAgent = Swift.max(Int((total / Double(Swift.max(connect.ready, 1))).rounded(.up)), 1)
        } else {
            plan.perAgent = size.perAgent
        }
        bench.say("\(name): \(connect.ready) ready; " + (rate.map { String(format: "sending %.0f comments/s", $0) }
            ?? "sending \(size.perAgent) comments each, window \(sizes.window)"))
        let cpu0 = server.cpuSeconds()
        let outcome = driver.runFanout(plan)
        let cpu = bench.serverCPU(server, from: cpu0, benchSeconds: outcome.benchCPUSeconds)
        driver.closeAll()
        var r = result(name: name, size: size, connect: connect, outcome: outcome, serverCPU: cpu)
        r.targetRate = rate
        if let rate {
            r.notes.insert(String(format: "open loop at %.0f comments/s (%@)", rate,
                                  bench.options.rate == nil ? "half the maximum" : "--rate"), at: 0)
        } else {
            r.notes.insert("window \(sizes.window)", at: 0)
        }
        bench.say("\(name): \(outcome.delivered)/\(outcome.expected) deliveries in "
                  + String(format: "%.2f s = %@/s", outcome.seconds, ResultTable.rate(r.outPerSecond)))
        return r
    }

    static func result(name: String, size: FanoutSize, connect: ConnectOutcome, outcome o: FanoutOutcome,
                       serverCPU: Double?) -> ScenarioResult {
        var r = ScenarioResult(name: name, agents: size.agents, rooms: size.rooms)
        r.ready = connect.ready
        r.connectSeconds = connect.seconds
        r.seconds = o.seconds
        r.sent = o.sent
        r.expected = o.expected
        r.delivered = o.delivered
        r.acks = o.acks
        if o.seconds > 0 {
            r.inPerSecond = Double(o.sent) / o.seconds
            r.outPerSecond = Double(o.delivered) / o.seconds
        }
        r.setLatency(o.histogram)
        r.setCPU(server: serverCPU, bench: o.benchCPUSeconds, units: o.delivered)
        r.complete = o.complete && connect.ready == size.agents && o.lost == 0 && o.acks == o.sent
        r.notes.append("\(o.sent) comments, \(o.delivered)/\(o.expected) deliveries, \(o.acks) acks")
        if o.echoes > 0 { r.notes.append("\(o.echoes) echoes") }
        if o.untracked > 0 { r.notes.append("\(o.untracked) untracked copies") }
        if o.stalls > 0 { r.notes.append("rate not held: \(o.stalls) times every agent had 256 comments undelivered") }
        if let d = o.diagnostic ?? connect.diagnostic { r.notes.append(d) }
        return r
    }
}
