// `!sla #N`'s verdicts: ok, warn, breached (running or late), met, stopped.
import Testing
@testable import SwarmDomain

@Suite struct SLAReportTests {
    let t0 = Timestamp(seconds: 1_795_000_000)
    let one = TicketID(1)

    func board() throws -> Board {
        var b = Board()
        _ = try b.apply(.open(priority: .p1, title: "VPN down"), by: "alice", at: t0)
        return b
    }

    func verdicts(_ b: Board, at now: Timestamp) -> [SLAVerdict] {
        SLAReport.clocks(of: b.tickets[0], policy: Policy(), at: now).map(\.verdict)
    }

    @Test func runningClocks_OkWarnBreached() throws {
        let b = try board()
        #expect(verdicts(b, at: t0 + .minutes(11)) == [.ok, .ok])
        #expect(verdicts(b, at: t0 + .minutes(12)) == [.warn, .ok])
        #expect(verdicts(b, at: t0 + .minutes(16)) == [.breached, .ok])
        #expect(verdicts(b, at: t0 + .hours(5)) == [.breached, .breached])
        let c = SLAReport.clocks(of: b.tickets[0], policy: Policy(), at: t0 + .minutes(12))[0]
        #expect(c.kind == .firstResponse && c.target == .minutes(15) && c.due == t0 + .minutes(15))
        #expect(c.elapsed == .minutes(12) && c.stoppedAt == nil && c.by == nil && c.alerted == nil)
    }

    @Test func stoppedInTime_IsMet_StoppedLate_IsBreached() throws {
        var b = try board()
        _ = try b.apply(.comment(ticket: one, text: "looking"), by: "bob", at: t0 + .minutes(20))
        _ = try b.apply(.resolve(ticket: one, resolution: "fixed"), by: "bob", at: t0 + .hours(1))
        let clocks = SLAReport.clocks(of: b.tickets[0], policy: Policy(), at: t0 + .days(1))
        #expect(clocks.map(\.verdict) == [.breached, .met])
        #expect(clocks[0].stoppedAt == t0 + .minutes(20) && clocks[0].by == "bob" && clocks[0].elapsed == .minutes(20))
        #expect(clocks[1].elapsed == .hours(1) && clocks[1].by == "bob")
    }

    @Test func resolvedByTheOpener_WithoutAResponse_FirstResponseStopped() throws {
        var b = try board()
        _ = try b.apply(.resolve(ticket: one, resolution: "it came back by itself"), by: "alice", at: t0 + .minutes(5))
        let clocks = SLAReport.clocks(of: b.tickets[0], policy: Policy(), at: t0 + .days(1))
        #expect(clocks.map(\.verdict) == [.stopped, .met])
        #expect(clocks[0].elapsed == .minutes(5) && clocks[0].stoppedAt == nil)
    }

    @Test func alerts_AreReported() throws {
        var b = try board()
        _ = try b.apply(.slaAlert(ticket: one, clock: .firstResponse, level: .warning, target: .minutes(15)),
                        by: AgentName.bot, at: t0 + .minutes(12))
        let clocks = SLAReport.clocks(of: b.tickets[0], policy: Policy(), at: t0 + .minutes(13))
        #expect(clocks.map(\.alerted) == [.warning, nil])
    }
}
