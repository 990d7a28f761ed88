// Every status transition, allowed and refused, on a pure Board.
import Testing
import SwarmDomain

@Suite struct LifecycleTests {
    @Test(arguments: [TicketStatus.doing, .blocked, .review])
    func openStatusesMoveFreely(_ to: TicketStatus) throws {
        var f = Fixture()
        try f.apply(.setStatus(ticket: one, status: to, note: nil, force: nil), by: "alice")
        #expect(f.ticket().status == to)
        try f.apply(.setStatus(ticket: one, status: .new, note: "back", force: nil), by: "alice")
        #expect(f.ticket().status == .new)
    }

    @Test func movingToDoing_ClaimsAnUnownedTicket() throws {
        var f = Fixture()
        let out = try f.apply(.setStatus(ticket: one, status: .doing, note: nil, force: nil), by: "bob")
        #expect(f.ticket().owner == "bob")
        #expect(out.events.first?.name == "ticket.status")
        #expect(out.events.first?.fields["to"] == "doing")
    }

    @Test func resolve_RecordsTheResolution_ThenCloseAndReopen() throws {
        var f = Fixture()
        try f.apply(.claim(ticket: one, force: nil), by: "alice")
        #expect(f.code { () throws(SwarmError) in try f.apply(.close(ticket: one), by: "alice") } == "bad-transition")
        #expect(f.code { () throws(SwarmError) in try f.apply(.setStatus(ticket: one, status: .resolved, note: nil, force: nil), by: "alice") } == "usage")
        try f.apply(.resolve(ticket: one, resolution: "restarted the spooler"), by: "alice", after: .hours(1))
        #expect(f.ticket().status == .resolved)
        #expect(f.ticket().resolution == "restarted the spooler")
        #expect(f.ticket().resolvedAt == f.at(.hours(1)))
        try f.apply(.close(ticket: one), by: "alice")
        #expect(f.ticket().status == .closed)
        try f.apply(.reopen(ticket: one, reason: "back again"), by: "opener")
        #expect(f.ticket().status == .doing)  // owned → doing
        #expect(f.ticket().resolvedAt == nil)
    }

    @Test func reopenUnowned_GoesToNew() throws {
        var f = Fixture()
        try f.apply(.resolve(ticket: one, resolution: "duplicate"), by: "alice")
        try f.apply(.reopen(ticket: one, reason: nil), by: "alice")
        #expect(f.ticket().status == .new)
    }

    @Test func closedMayOnlyBeReopened_ErrorListsAllowedMoves() throws {
        var f = Fixture()
        try f.apply(.resolve(ticket: one, resolution: "fixed"), by: "alice")
        try f.apply(.setStatus(ticket: one, status: .closed, note: nil, force: nil), by: "alice")
        do {
            try f.apply(.setStatus(ticket: one, status: .doing, note: nil, force: nil), by: "alice")
            Issue.record("expected bad-transition")
        } catch {
            #expect(error.code == "bad-transition")
            #expect(error.message.contains("allowed: /reopen #1"))
        }
        do {
            try f.apply(.setStatus(ticket: one, status: .new, note: nil, force: nil), by: "alice")
        } catch {
            #expect(error.code == "bad-transition")
        }
        #expect(f.code { () throws(SwarmError) in try f.apply(.resolve(ticket: one, resolution: "x"), by: "alice") } == "bad-transition")
        #expect(f.code { () throws(SwarmError) in try f.apply(.claim(ticket: one, force: nil), by: "alice") } == "not-open")
    }

    @Test func resolvedAllowsCloseOrReopenOnly() throws {
        var f = Fixture()
        try f.apply(.resolve(ticket: one, resolution: "fixed"), by: "alice")
        do {
            try f.apply(.setStatus(ticket: one, status: .blocked, note: nil, force: nil), by: "alice")
            Issue.record("expected bad-transition")
        } catch {
            #expect(error.message.contains("closed (/close #1), /reopen #1"))
        }
        #expect(f.code { () throws(SwarmError) in try f.apply(.reopen(ticket: TicketID(1), reason: nil), by: "alice") } == nil)
        #expect(f.code { () throws(SwarmError) in try f.apply(.reopen(ticket: one, reason: nil), by: "alice") } == "bad-transition")
        #expect(f.code { () throws(SwarmError) in try f.apply(.setStatus(ticket: one, status: .new, note: nil, force: nil), by: "alice") } == "no-change")
    }

    @Test func priorityTagsLinksChecklist() throws {
        var f = Fixture(tickets: 2)
        let p1 = try f.apply(.setPriority(ticket: one, priority: .p1), by: "alice")
        #expect(p1.events.first?.audience == .roomAndFeed(one))
        let p3 = try f.apply(.setPriority(ticket: one, priority: .p3), by: "alice")
        #expect(p3.events.first?.audience == .room(one))
        try f.apply(.tag(ticket: one, add: ["vpn", "db"], remove: []), by: "alice")
        try f.apply(.tag(ticket: one, add: [], remove: ["vpn"]), by: "alice")
        #expect(f.ticket().tags == ["db"])
        // The announcement says what changed, not what was typed.
        let tagged = try f.apply(.tag(ticket: one, add: ["db", "vpn"], remove: ["nothere"]), by: "alice")
        #expect(tagged.events.first?.text == "alice tagged #1 +vpn")
        try f.apply(.link(ticket: one, other: TicketID(2), kind: .blocks), by: "alice")
        #expect(f.ticket(2).links.map(\.kind) == [.blockedBy] && f.ticket(2).links.map(\.ticket) == [one])
        #expect(f.code { () throws(SwarmError) in try f.apply(.link(ticket: one, other: one, kind: .related), by: "alice") } == "invalid")
        try f.apply(.checkAdd(ticket: one, text: "check cables"), by: "alice")
        try f.apply(.checkMark(ticket: one, item: 1, done: true), by: "alice")
        #expect(f.ticket().checklist.first?.done == true)
        #expect(f.code { () throws(SwarmError) in try f.apply(.checkMark(ticket: one, item: 1, done: true), by: "alice") } == "no-change")
        #expect(f.code { () throws(SwarmError) in try f.apply(.checkMark(ticket: one, item: 5, done: true), by: "alice") } == "no-such-item")
        try f.apply(.checkMark(ticket: one, item: 1, done: false), by: "alice")
        #expect(f.ticket().checklist.first?.done == false)
    }

    @Test func rate_OnlyTheRequester_OnceResolved_Once() throws {
        var f = Fixture()
        #expect(f.code { () throws(SwarmError) in try f.apply(.rate(ticket: one, score: 5, comment: nil), by: "opener") } == "not-resolved")
        try f.apply(.resolve(ticket: one, resolution: "fixed"), by: "alice")
        #expect(f.code { () throws(SwarmError) in try f.apply(.rate(ticket: one, score: 5, comment: nil), by: "alice") } == "not-requester")
        #expect(f.code { () throws(SwarmError) in try f.apply(.rate(ticket: one, score: 6, comment: nil), by: "opener") } == "usage")
        try f.apply(.rate(ticket: one, score: 4, comment: "quick"), by: "opener")
        #expect(f.ticket().rating?.score == 4)
        #expect(f.code { () throws(SwarmError) in try f.apply(.rate(ticket: one, score: 5, comment: nil), by: "opener") } == "already-rated")
    }
}
