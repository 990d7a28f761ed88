// /stats' numbers against the plain way of working them out (sort, then count): BoardStats
// counts into arrays and selects its percentiles rather than sorting, for speed on big boards.
import Testing
@testable import SwarmDomain
import SwarmTestSupport

@Suite struct BoardStatsTests {
    /// Nearest rank on a sorted copy: the definition the selection must match.
    static func byRank(_ xs: [Int64], _ q: Double) -> Int64? {
        guard !xs.isEmpty else { return nil }
        let sorted = xs.sorted()
        let rank = min(max(Int((q * Double(xs.count)).rounded(.up)), 1), xs.count)
        return sorted[rank - 1]
    }

    static func check(_ xs: [Int64], _ what: String) {
        var work = xs
        let p = Percentiles(&work)
        #expect(p.count == xs.count, "\(what)")
        #expect(p.median?.millis == byRank(xs, 0.5), "\(what): median")
        #expect(p.p90?.millis == byRank(xs, 0.9), "\(what): p90")
        #expect(work.sorted() == xs.sorted(), "\(what): selection lost or invented values")
    }

    @Test func percentiles_MatchNearestRankOfTheSortedList() {
        for seed in 1...8 as ClosedRange<UInt64> {
            var rng = SeededRNG(state: seed)
            for n in [0, 1, 2, 3, 4, 5, 9, 10, 11, 17, 64, 199, 1_000, 10_001] {
                // Few distinct values (many ties) and many.
                for spread in [3, 1_000_000] {
                    let xs = (0..<n).map { _ in Int64(rng.below(spread)) - Int64(spread / 4) }
                    Self.check(xs, "seed \(seed) n \(n) spread \(spread)")
                }
            }
        }
    }

    @Test func percentiles_OnOrdersThatDefeatNaivePivots() {
        let n = 5_000
        let up = (0..<n).map { Int64($0) }
        let organPipe = (0..<n).map { Int64(min($0, n - $0)) }
        let sawtooth = (0..<n).map { Int64($0 % 7) }
        for (xs, what) in [(up, "ascending"), (Array(up.reversed()), "descending"), ([Int64](repeating: 42, count: n), "all equal"),
                           (organPipe, "organ pipe"), (sawtooth, "sawtooth")] {
            Self.check(xs, what)
        }
    }

    @Test func select_FallsBackToSorting_AndStillPartitions() {
        var rng = SeededRNG(state: 99)
        let xs = (0..<2_000).map { _ in Int64(rng.below(500)) }
        for rounds in [0, 1, 2] {
            for k in [0, 1, 999, 1_998, 1_999] {
                var a = xs
                let v = Percentiles.select(k, in: &a, from: 0, roundsBeforeSort: rounds)
                #expect(v == xs.sorted()[k], "k \(k) after \(rounds) rounds")
                #expect(a[..<k].allSatisfy { $0 <= v } && a[(k + 1)...].allSatisfy { $0 >= v }, "k \(k) after \(rounds) rounds")
            }
        }
    }

    /// A board worked on at random; every field of BoardStats against a direct count.
    @Test func stats_OnARandomBoard_MatchADirectCount() throws {
        for seed in 1...4 as ClosedRange<UInt64> {
            var rng = SeededRNG(state: seed)
            var f = Fixture(agents: ["opener", "alice", "bob", "carol", "dave"], tickets: 0)
            f.policy = Policy.replay
            let agents = ["alice", "bob", "carol", "dave"]
            var clock: Int64 = 0
            for _ in 0..<600 {
                clock += Int64(rng.below(3_600_000))
                let id = TicketID(1 + rng.below(max(f.board.ticketCount, 1)))
                let who = agents[rng.below(agents.count)]
                let m: Mutation
                switch rng.below(8) {
                case 0, 1: m = .open(priority: Priority.allCases[rng.below(4)], title: "t")
                case 2: m = .claim(ticket: id, force: nil)
                case 3: m = .comment(ticket: id, text: "looking")
                case 4: m = .resolve(ticket: id, resolution: "done")
                case 5: m = .rate(ticket: id, score: 1 + rng.below(5), comment: nil)
                case 6: m = .close(ticket: id)
                default: m = .setStatus(ticket: id, status: [.blocked, .review, .doing][rng.below(3)], note: nil, force: nil)
                }
                _ = try? f.apply(m, by: m.byRequester ? "opener" : who, after: Span(millis: clock))
            }
            let now = f.at(Span(millis: clock + 6 * 3_600_000))
            let s = BoardStats(board: f.board, policy: f.policy, at: now)
            let tickets = (0..<f.board.ticketCount).map { f.board.tickets[$0] }

            var byStatus: [TicketStatus: Int] = [:], byPriority: [Priority: Int] = [:]
            var load: [String: BoardStats.AgentLoad] = [:]
            for t in tickets {
                byStatus[t.status, default: 0] += 1
                guard t.status.isOpen else { continue }
                byPriority[t.priority, default: 0] += 1
                if let o = t.owner {
                    load[o, default: .init()].open += 1
                    if t.status == .doing { load[o, default: .init()].doing += 1 }
                }
            }
            let responses = tickets.compactMap { t in t.firstResponseAt.map { ($0 - t.openedAt).millis } }
            let resolutions = tickets.compactMap { t in t.resolvedAt.map { ($0 - t.openedAt).millis } }
            let sla: [SLAStatus] = tickets.map { SLA.status(of: $0, policy: f.policy, at: now) }
            let ratings = tickets.compactMap { $0.rating?.score }

            #expect(tickets.count > 100 && !ratings.isEmpty && !load.isEmpty && byStatus.count >= 4, "seed \(seed): the board is varied")
            #expect(s.byStatus == byStatus, "seed \(seed)")
            #expect(s.byPriority == byPriority, "seed \(seed)")
            #expect(s.load == load, "seed \(seed)")
            #expect(s.firstResponse.count == responses.count && s.firstResponse.median?.millis == Self.byRank(responses, 0.5)
                    && s.firstResponse.p90?.millis == Self.byRank(responses, 0.9), "seed \(seed)")
            #expect(s.resolve.count == resolutions.count && s.resolve.median?.millis == Self.byRank(resolutions, 0.5)
                    && s.resolve.p90?.millis == Self.byRank(resolutions, 0.9), "seed \(seed)")
            #expect(s.responseBreaches == sla.filter { $0.firstResponse.state == .breached }.count, "seed \(seed)")
            #expect(s.resolutionBreaches == sla.filter { $0.resolution.state == .breached }.count, "seed \(seed)")
            #expect(s.ratingCount == ratings.count, "seed \(seed)")
            #expect(s.averageRating == Double(ratings.reduce(0, +)) / Double(ratings.count), "seed \(seed)")
        }
    }
}

private extension Mutation {
    /// Opening and rating are the requester's.
    var byRequester: Bool {
        switch self {
        case .open, .rate: true
        default: false
        }
    }
}
