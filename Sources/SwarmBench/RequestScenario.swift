// request/response: `/ping payload` from 50 connections at pipeline depth 1 and 16 (swarmload's
// rr-50x1 and rr-50x16). Requests/s, latency from send to `OK pong payload`.
import Foundation

enum RequestScenario {
    static func run(_ bench: Bench, depth: Int, perConnection: Int) throws -> ScenarioResult {
        let connections = bench.options.sizes.rrConnections
        let name = "rr-\(connections)x\(depth)"
        let server = try bench.startServer()
        defer { server.stop() }
        var setup = DriverSetup(port: server.port, agents: connections, roomTickets: [], nickPrefix: bench.nickPrefix("r"))
        setup.host = server.host
        let driver = try LoadDriver(setup)
        let connect = driver.connectAll()
        driver.hold(seconds: bench.options.sizes.settleSeconds)
        bench.say("\(name): \(connect.ready) connections, \(perConnection) pings each at depth \(depth)")
        let cpu0 = server.cpuSeconds()
        let o = driver.runRequests(RequestPlan(perConnection: perConnection, depth: depth))
        let cpu = bench.serverCPU(server, from: cpu0, benchSeconds: o.benchCPUSeconds)
        driver.closeAll()
        var r = ScenarioResult(name: name, agents: connections, rooms: 0)
        r.ready = connect.ready
        r.connectSeconds = connect.seconds
        r.seconds = o.seconds
        r.sent = o.sent
        r.expected = UInt64(connect.ready * perConnection)
        r.delivered = o.replies
        if o.seconds > 0 { r.inPerSecond = Double(o.replies) / o.seconds }
        r.setLatency(o.histogram)
        r.setCPU(server: cpu, bench: o.benchCPUSeconds, units: o.replies)
        r.complete = o.complete && connect.ready == connections
        r.notes.insert("\(o.replies)/\(o.sent) replies", at: 0)
        if let d = o.diagnostic ?? connect.diagnostic { r.notes.append(d) }
        bench.say("\(name): \(o.replies) replies in " + String(format: "%.2f s = %@/s", o.seconds, ResultTable.rate(r.inPerSecond)))
        return r
    }
}
