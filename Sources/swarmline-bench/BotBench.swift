// `swarmline-bench bot [TICKETS] [AGENTS]`: what swarmbot's checks cost on the event loop. The
// SLA and stale watches as full scans, the alarms the 10 Hz cron uses instead, and !assign.
import Dispatch
import Foundation
import SwarmDomain

enum BotBench {
    static func median(_ body: () -> Void) -> Double { medianMillis(runs: 50, body) }

    static func run(tickets count: Int, agents agentCount: Int) throws {
        let t0 = Timestamp(seconds: 1_795_000_000)
        var board = Board()
        let skills = ["network", "db", "identity", "hardware", "email", "storage"]
        for a in 0..<agentCount {
            _ = try board.apply(.register(name: "agent\(a)"), by: "agent\(a)", at: t0)
            _ = try board.apply(.skills(add: [skills[a % skills.count]], remove: []), by: "agent\(a)", at: t0)
        }
        let priorities: [Priority] = [.p1, .p2, .p3, .p4]
        for i in 0..<count {
            let opened = t0 + Span(millis: Int64(i) * 1000)
            _ = try board.apply(.open(priority: priorities[i % 4], title: "ticket \(i)"), by: "requester", at: opened)
            _ = try board.apply(.tag(ticket: TicketID(i + 1), add: [skills[i % skills.count]], remove: []), by: "requester", at: opened)
            if i % 3 == 0 {
                _ = try board.apply(.claim(ticket: TicketID(i + 1), force: nil), by: "agent\(i % agentCount)", at: opened, policy: .replay)
            }
        }
        let policy = Policy()
        let end = t0 + Span(millis: Int64(count) * 1000)
        // Let every alert due by `end` + 5 days be said, so the measured checks find nothing new
        // to say: the steady state the cron is in almost all the time.
        let later = end + .days(5)
        let fresh = board
        for m in SLAWatch.due(board, now: later, policy: policy) { _ = try board.apply(m, by: AgentName.bot, at: later) }
        let online = (0..<agentCount).map { "agent\($0)" }
        say("bot checks over \(count) open tickets, \(agentCount) agents online (median of 50 runs):")
        say(String(format: "  SLAWatch.due, nothing new to say: %.2f ms", median { _ = SLAWatch.due(board, now: later, policy: policy) }))
        say(String(format: "  SLAWatch.due, both clocks of every ticket due (after an outage): %.2f ms",
                   median { _ = SLAWatch.due(fresh, now: later, policy: policy) }))
        say(String(format: "  StaleWatch.due: %.2f ms",
                   median { _ = StaleWatch.due(board, now: later, policy: StalePolicy(after: .minutes(30)), online: Set(online)) }))
        // What the cron does instead of the two scans: wake the tickets whose alarm is due.
        let onlineSet = Set(online)
        say(String(format: "  Alarms, arming every ticket (start-up): %.2f ms",
                   median { _ = Alarms(board: board, policy: policy, online: onlineSet) }))
        var alarms = Alarms(board: board, policy: policy, online: onlineSet)
        say(String(format: "  Alarms.wake, nothing due: %.4f ms", median { _ = alarms.wake(at: later, in: board, online: onlineSet) }))
        _ = try board.apply(.open(priority: .p2, title: "to assign"), by: "requester", at: later)
        let id = TicketID(board.ticketCount)
        _ = try board.apply(.tag(ticket: id, add: ["db"], remove: []), by: "requester", at: later)
        for rule in AssignRule.allCases {
            say(String(format: "  Assignment.pick (%@): %.2f ms", rule.rawValue,
                       median { _ = try? Assignment.pick(id, on: board, eligible: online, rule: rule, policy: policy) }))
        }
    }
}
