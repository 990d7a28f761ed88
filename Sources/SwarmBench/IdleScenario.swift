// idle: N agents connect, /hello, join one of R rooms and stay. Reported: the time until all are
// ready, and the server's resident memory growth per agent after a hold (VmRSS before the first
// connect and at the end of the hold, like swarmload's idle-N).
import Foundation
import Glibc
import SwarmServer

enum IdleScenario {
    static func run(_ bench: Bench) throws -> ScenarioResult {
        let sizes = bench.options.sizes
        let server = try bench.startServer()
        defer { server.stop() }
        var agents = sizes.idleAgents
        var notes: [String] = []
        if server.isInProcess {
            // Both ends of every connection live in this process, and the hard limit cannot be raised.
            let fit = (FileLimit.raise() - 100) / 2
            if agents > fit {
                notes.append("in-process: \(agents) agents need \(2 * agents) descriptors in one process; ran \(fit)")
                agents = fit
            }
            notes.append("in-process: RSS includes the load generator's buffers (about 0.3 KiB per agent)")
        }
        var result = ScenarioResult(name: "idle-\(agents)", agents: agents, rooms: sizes.idleRooms)
        bench.say("idle: opening \(sizes.idleRooms) rooms")
        let tickets = try RoomTickets.open(count: sizes.idleRooms, host: server.host, port: server.port,
                                           name: bench.nickPrefix("p") + "0")
        var setup = DriverSetup(port: server.port, agents: agents, roomTickets: tickets, nickPrefix: bench.nickPrefix("i"))
        setup.host = server.host
        setup.connectTimeout = 240
        let driver = try LoadDriver(setup)
        usleep(UInt32(sizes.settleSeconds * 1e6))  // let start-up work settle before the RSS baseline
        let rss0 = server.rssKiB()
        let cpu0 = server.cpuSeconds()
        let bench0 = Clock.threadCPUSeconds()
        bench.say("idle: connecting \(agents) agents")
        let connect = driver.connectAll()
        let connectCPU = bench.serverCPU(server, from: cpu0, benchSeconds: Clock.threadCPUSeconds() - bench0)
        bench.say(String(format: "idle: %d/%d ready in %.2f s; holding %.0f s", connect.ready, agents, connect.seconds,
                         sizes.idleHoldSeconds))
        driver.hold(seconds: sizes.idleHoldSeconds)
        let rss1 = server.rssKiB()
        result.ready = connect.ready
        result.connectSeconds = connect.seconds
        result.rssStartKiB = rss0
        result.rssEndKiB = rss1
        if let rss0, let rss1, connect.ready > 0 {
            result.rssPerAgentKiB = Double(rss1 - rss0) / Double(connect.ready)
            notes.append("server RSS \(rss0) → \(rss1) KiB")
        }
        if let connectCPU { notes.append(String(format: "server CPU for the connect phase %.2f s", connectCPU)) }
        result.serverCPUSeconds = connectCPU
        result.complete = connect.ready == agents && driver.disconnects == 0
        if let d = driver.diagnostic { notes.append(d) }
        result.notes = notes
        driver.closeAll()
        return result
    }
}
