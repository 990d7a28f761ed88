// swarmbot's SLA alerts, !sla, !assign and !promote #N over real sockets, with a manual clock.
import Foundation
import Testing
@testable import SwarmServer
import SwarmDomain
import SwarmTestSupport

@Suite struct SwarmbotWorkTests {
    let t0 = Timestamp(seconds: 1_795_000_000)

    /// Reads JSON lines until one satisfies `match`; returns it decoded.
    func json(_ c: TestClient, _ match: (String) -> Bool) throws -> [String: Any] {
        let line = try #require(c.readUntil(match)?.last)
        return try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func slaWarning_ReachesTheRoomAndTheFeed_OnceAfterTheClockAdvances() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        let bot = try server.agent("pagerbot")
        bot.send("/format json")
        #expect(bot.nextLine()?.contains("\"message\":\"format json\"") == true)
        _ = alice.command("/open P1 VPN down")
        server.clock.advance(.minutes(11))
        _ = alice.command("/ping")
        #expect(!alice.received.contains { $0.contains("SLA") })
        server.clock.advance(.minutes(1))
        let warning = "swarmbot (bot): SLA warning: #1 P1 \"VPN down\" needs a first response within 3m (80% of 15m gone); owner: unassigned"
        // alice is in the room, bob hears the board feed.
        #expect(alice.readUntil { $0.hasPrefix("[#1 ") && $0.hasSuffix(warning) } != nil)
        #expect(bob.readUntil { $0.hasPrefix("[#1 ") && $0.hasSuffix(warning) } != nil)
        let e = try json(bot) { $0.contains("\"event\":\"sla.warning\"") }
        #expect(e["actor"] as? String == "swarmbot" && e["bot"] as? Bool == true && e["ticket"] as? Int == 1)
        #expect(e["clock"] as? String == "first_response" && e["owner"] is NSNull && e["target"] as? String == "15m")
        #expect(e["due"] as? String == TimeText.iso(t0 + .minutes(15)) && e["elapsed_ms"] as? Int == 720_000)
        // However often the watch runs now, nothing more is said until the breach.
        let said = server.handle.inspect { s in s.watchTickets(); s.watchTickets(); return s.board.tickets[0].slaAlerts?.firstResponse }
        #expect(said == .warning)
        _ = alice.command("/ping")
        #expect(alice.received.filter { $0.contains("SLA warning") }.count == 1)
        server.clock.advance(Span(millis: 180_001))
        let breach = "swarmbot (bot): SLA breached: #1 P1 \"VPN down\" has had no first response within 15m; owner: unassigned"
        #expect(alice.readUntil { $0.hasSuffix(breach) } != nil)
        #expect(bob.readUntil { $0.hasSuffix(breach) } != nil)
        #expect(try json(bot) { $0.contains("\"event\":\"sla.breached\"") }["clock"] as? String == "first_response")
    }

    @Test func slaAlerts_AreNotRepeatedAfterARestart() throws {
        let dir = Scratch.path("sla")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let server = try TestServer { $0.dataDir = dir }
            let alice = try server.agent("alice")
            _ = alice.command("/open P1 VPN down")
            server.clock.advance(.minutes(16))
            #expect(alice.readUntil { $0.contains("SLA breached: #1") } != nil)
        }
        let again = try TestServer { $0.dataDir = dir }
        let alice = try again.agent("alice")
        again.clock.advance(.minutes(16))
        let marks = again.handle.inspect { s in s.watchTickets(); return s.board.tickets[0].slaAlerts }
        #expect(marks == SLAMarks(firstResponse: .breached))
        _ = alice.command("/ping")
        #expect(!alice.received.contains { $0.contains("SLA") })
    }

    @Test func slaCommand_ShowsBothClocks_InTextAndJSON() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        _ = alice.command("/open P1 VPN down")
        server.clock.advance(.minutes(12))
        // Run the watch ourselves so that "swarmbot warned" does not depend on when cron ran.
        _ = server.handle.inspect { s in s.watchTickets(); return true }
        let due = TimeText.minute(t0 + .minutes(15)), dueRes = TimeText.minute(t0 + .hours(4))
        #expect(alice.command("!sla #1") == [
            "  #1 P1 new: VPN down; owner unassigned",
            "  first response: warn, target 15m, due \(due), elapsed 12m (3m left); swarmbot warned",
            "  resolution: ok, target 4h, due \(dueRes), elapsed 12m (3h left)",
            "OK #1 SLA: first response warn, resolution ok",
        ])
        let bob = try server.agent("bob")
        _ = bob.command("/join #1")
        _ = bob.command("/say #1 looking at the concentrator")
        server.clock.advance(.hours(5))
        _ = server.handle.inspect { s in s.watchTickets(); return true }
        #expect(alice.command("!sla #1")[1...2] == [
            "  first response: met, target 15m, due \(due), elapsed 12m (responded \(TimeText.minute(t0 + .minutes(12))) by bob); swarmbot warned",
            "  resolution: breached, target 4h, due \(dueRes), elapsed 5h (1h over); swarmbot announced the breach",
        ])
        alice.send("/format json")
        _ = alice.nextLine()
        alice.send(#"{"id": "s1", "line": "!sla #1"}"#)
        let r = try json(alice) { $0.contains("\"id\":\"s1\"") }
        #expect(r["ok"] as? Bool == true)
        let data = try #require(r["data"] as? [String: Any])
        let fr = try #require(data["first_response"] as? [String: Any])
        let res = try #require(data["resolution"] as? [String: Any])
        #expect(fr["state"] as? String == "met" && fr["by"] as? String == "bob" && fr["alerted"] as? String == "warning")
        #expect(fr["target_ms"] as? Int == 900_000 && fr["due"] as? String == TimeText.iso(t0 + .minutes(15)))
        #expect(res["state"] as? String == "breached" && res["stopped_at"] is NSNull && res["alerted"] as? String == "breached")
        #expect(data["ticket"] as? Int == 1 && data["owner"] is NSNull)
        alice.send(#"{"id": "s2", "line": "!sla #9"}"#)
        let refused = try json(alice) { $0.contains("\"id\":\"s2\"") }
        #expect(refused["ok"] as? Bool == false && refused["code"] as? String == "no-such-ticket")
    }

    @Test func assign_PicksTheSkilledLeastLoadedAgent_AndTellsThemWhereverTheyAre() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        let carol = try server.agent("carol")
        _ = bob.command("/skills +network")
        _ = carol.command("/skills +db")
        _ = alice.command("/open P2 Berlin VPN flaps")
        _ = alice.command("/tag #1 +network")
        #expect(alice.status("!assign #1") == "OK assigned #1 to bob (doing): least loaded: bob owns 0 open tickets; skills match: network")
        // bob is in no room and still hears it; carol hears it on the board feed.
        let told = "swarmbot (bot): assigned #1 P2 \"Berlin VPN flaps\" to bob (asked by alice): least loaded"
        #expect(bob.readUntil { $0.hasPrefix("[#1 ") && $0.contains(told) } != nil)
        #expect(carol.readUntil { $0.contains(told) } != nil)
        #expect(alice.command("/show #1").contains("  owner: bob"))
        #expect(alice.status("!assign #1") == "ERR owned #1 is owned by bob; !assign picks owners for unassigned tickets (!triage lists them)")
        // No tags: everyone is considered; bob now owns one, and of the two idle agents carol
        // comes first in the rotation after bob.
        _ = alice.command("/open P3 Coffee machine")
        #expect(alice.status("!assign #2") == "OK assigned #2 to carol (doing): least loaded: carol owns 0 open tickets (alice 0, bob 1)")
    }

    @Test func assign_NeverPicksObservers_AndSaysWhyNobodyFits() throws {
        let server = try TestServer { $0.policy.wipPerAgent = 1 }
        let lead = try server.agent("lead")
        let watcher = try server.agent("watcher")
        _ = server.handle.inspect { s in s.sessionsByAgent["watcher"]?.role = .observer; return true }
        #expect(watcher.status("!assign #1") == "ERR forbidden !assign needs role agent; you are observer")
        _ = lead.command("/open P2 First")
        _ = lead.command("/claim #1")
        _ = lead.command("/open P2 Second")
        #expect(lead.status("!assign #2") == "ERR nobody nobody to assign #2 to: at WIP limit 1/1 in doing (lead 1/1)")
        let bob = try server.agent("bob")
        #expect(lead.status("!assign #2").hasPrefix("OK assigned #2 to bob (doing)"))
        #expect(bob.readUntil { $0.contains("assigned #2") } != nil)
    }

    @Test func assign_RoundRobin_TakesTurnsByName() throws {
        let server = try TestServer { $0.assignRule = .roundRobin }
        let alice = try server.agent("alice")
        let others = [try server.agent("bob"), try server.agent("carol")]
        var owners: [String] = []
        for i in 1...4 {
            _ = alice.command("/open P3 ticket \(i)")
            let status = alice.status("!assign #\(i)")
            owners.append(String(status.split(separator: " ")[4]))
        }
        #expect(owners == ["alice", "bob", "carol", "alice"])
        #expect(others.allSatisfy { c in c.readUntil { $0.contains("assigned #3") } != nil })
    }

    @Test func promoteTicket_ResolvedBecomesAnEntry_OtherwiseARefusal() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        _ = alice.command("/open P2 Outlook crashes on start")
        #expect(alice.status("!promote #1") == "ERR not-resolved #1 is new; promote it once it is resolved (/resolve #1 RESOLUTION)")
        _ = alice.command("/resolve #1 disable the PDF add-in")
        #expect(alice.status("!promote #1") == "OK promoted #1 to !faq outlook-crashes-start: Outlook crashes on start")
        #expect(bob.readUntil { $0.hasSuffix("* alice promoted #1's resolution to !faq outlook-crashes-start: Outlook crashes on start") } != nil)
        #expect(alice.command("!faq outlook-crashes-start")[1] == "  disable the PDF add-in")
        #expect(alice.status("!promote #1 outlook-crashes-start").hasPrefix("ERR faq-key-taken"))
        #expect(alice.status("!promote #1").hasPrefix("ERR faq-key-taken #1 was promoted already"))
        #expect(alice.status("!promote #1 outlook") == "OK promoted #1 to !faq outlook: Outlook crashes on start")
        #expect(alice.status("!promote ^1..^2").hasPrefix("ERR usage a comment range needs a KEY"))
        #expect(alice.status("!promote #x").hasPrefix("ERR usage a ticket reads #12"))
    }
}
