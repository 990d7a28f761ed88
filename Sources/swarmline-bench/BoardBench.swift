// `swarmline-bench board [TICKETS]`: what the commands that look at every ticket cost on the
// event loop (/stats now counts beside it), on a board that has run for a while (most tickets resolved or closed, with first
// responses and ratings). Their time is every client's latency (README: Scans of a big board).
import Dispatch
import Foundation
import SwarmDomain

enum BoardBench {
    static func median(_ body: () -> Void) -> Double { medianMillis(runs: 30, body) }

    static func run(tickets count: Int) throws {
        let t0 = Timestamp(seconds: 1_795_000_000)
        var board = Board()
        let agents = (0..<50).map { "agent\($0)" }
        let priorities: [Priority] = [.p1, .p2, .p3, .p4]
        for i in 0..<count {
            let opened = t0 + Span(millis: Int64(i) * 60_000)
            let id = TicketID(i + 1)
            let agent = agents[i % agents.count]
            _ = try board.apply(.open(priority: priorities[i % 4], title: "ticket \(i)"), by: "requester", at: opened)
            // Four in five get an answer, within minutes to hours (some late for their SLA).
            guard i % 5 != 0 else { continue }
            let answered = opened + Span(millis: Int64((i * 7_919) % 7_200) * 1000)
            _ = try board.apply(.claim(ticket: id, force: nil), by: agent, at: answered, policy: .replay)
            guard i % 5 != 1 else { continue }
            let resolved = answered + Span(millis: Int64((i * 104_729) % 86_400) * 1000)
            _ = try board.apply(.resolve(ticket: id, resolution: "fixed"), by: agent, at: resolved, policy: .replay)
            if i % 3 == 0 { _ = try board.apply(.rate(ticket: id, score: 1 + i % 5, comment: nil), by: "requester", at: resolved) }
            if i % 5 == 4 { _ = try board.apply(.close(ticket: id), by: agent, at: resolved, policy: .replay) }
        }
        let policy = Policy()
        let now = t0 + Span(millis: Int64(count) * 60_000)
        let open = board.tickets.count(inPlace: { $0.pointee.status.isOpen })
        say("board scans over \(count) tickets (\(open) open), median of 30 runs:")
        say(String(format: "  BoardStats (/stats): %.2f ms", median { _ = BoardStats(board: board, policy: policy, at: now) }))
        say(String(format: "  BoardColumns (/board): %.2f ms", median { _ = BoardColumns(board, showing: 15) }))
        say(String(format: "  a listing that matches nothing (/list owner:nobody): %.2f ms",
                   median { _ = try? TicketListing(board, order: .board, limit: 50, matching: { $0.pointee.owner == "nobody" }) }))
        say(String(format: "  a count: %.2f ms",
                   median { _ = board.tickets.count(inPlace: { $0.pointee.owner == "agent7" }) }))
        say(String(format: "  AgentRecord (/whois): %.2f ms", median { _ = AgentRecord(of: "agent7", on: board) }))
        say(String(format: "  TicketListing, the first 50 open (/list): %.2f ms",
                   median { _ = try? TicketListing(board, order: .board, limit: 50, matching: { $0.pointee.status.isOpen }) }))
        // On the loop at every claim and every move into doing (the board keeps the counts).
        let wip = Policy(wipPerAgent: 3, wipPerColumn: [.doing: 50_000])
        say(String(format: "  the WIP check of a claim, allowed: %.4f ms",
                   median { _ = WIPPolicy.violation(on: board, ticket: TicketID(1), owner: "newcomer", to: .doing, policy: wip) }))
        say(String(format: "  the WIP check of a claim, refused (names the owner's first tickets in doing): %.4f ms",
                   median { _ = WIPPolicy.violation(on: board, ticket: TicketID(1), owner: "agent7", to: .doing, policy: wip) }))
        say(String(format: "  every owner's load (/swarm, !assign): %.4f ms", median { _ = board.loads() }))
        // !promote ^A..^B looks for the ticket holding ^A: the worst case is the last ticket.
        let last = TicketID(count)
        let commented = try board.apply(.comment(ticket: last, text: "the fix"), by: "agent1", at: now, policy: .replay).comment!
        say(String(format: "  the ticket holding a comment (!promote; the last ticket's): %.2f ms",
                   median { _ = board.commentLocation(commented) }))
    }
}
