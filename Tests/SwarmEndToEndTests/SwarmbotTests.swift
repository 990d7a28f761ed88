// swarmbot over real sockets: who hears FAQ answers, suggestions on /open, stale notices on a
// manual clock, and the seeded starter set.
import Foundation
import Testing
@testable import SwarmServer

@Suite struct SwarmbotTests {
    /// The repository's own Deploy/faq.json, found from this file's path (not the current folder).
    static let seedPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Deploy/faq.json").path

    func seeded(_ more: (inout Config) -> Void = { _ in }) throws -> TestServer {
        try TestServer { c in
            c.faqSeedPath = SwarmbotTests.seedPath
            more(&c)
        }
    }

    @Test func starterSet_IsLoadedIntoAnEmptyBoard() throws {
        let server = try seeded()
        let alice = try server.agent("alice")
        let list = alice.command("!faq list")
        #expect(list.last == "OK 19 entries")
        for key in ["vpn", "password-reset", "mfa-lost", "disk-full", "printer", "email-delivery", "cert-expiry",
                    "wifi", "account-lockout", "shared-drive", "software-install", "laptop-slow", "phishing",
                    "video-calls", "onboarding"] {
            #expect(list.contains { $0.hasPrefix("  \(key): ") }, "missing \(key)")
        }
    }

    @Test func faqInARoom_IsSeenByEveryMember_AskerGetsTheReply() throws {
        let server = try seeded()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        let carol = try server.agent("carol")
        _ = alice.command("/open P2 Sales team cannot reach the VPN")
        _ = bob.command("/join #1")
        _ = carol.command("/join #1")
        alice.skipReceived()
        carol.skipReceived()
        let reply = bob.command("!faq VPN")
        #expect(reply.first == "  VPN will not connect or keeps dropping")
        #expect(reply.last == "OK !faq vpn (also said in #1)")
        for member in [alice, carol] {
            let seen = member.readUntil { $0.contains("swarmbot (bot): vpn (asked by bob): VPN will not connect") }
            #expect(seen != nil)
        }
        // The asker reads the answer in their reply, not a second time as an event.
        _ = bob.command("/ping")
        #expect(!bob.received.contains { $0.hasPrefix("[") && $0.contains("asked by bob") })
    }

    @Test func faqOutsideARoom_OnlyTheAskerSeesIt() throws {
        let server = try seeded()
        let alice = try server.agent("alice")
        _ = alice.command("/open P3 Printer jams")
        let dave = try server.agent("dave")
        let reply = dave.command("!faq search printer offline")
        #expect(reply.first?.hasPrefix("  printer: Printer not printing") == true)
        #expect(reply.last == "OK 1 best match; !faq KEY to read one")
        _ = dave.command("!faq wifi")
        // A round trip from alice after dave's commands: anything for her has arrived by now.
        _ = alice.command("/ping")
        #expect(!alice.received.contains { $0.contains("swarmbot (bot): wifi") || $0.contains("search \"printer") })
    }

    @Test func openingATicket_SwarmbotSuggestsEntries_TheOpenerSeesThem() throws {
        let server = try seeded()
        let alice = try server.agent("alice")
        alice.send("/format json")
        _ = alice.nextLine()
        alice.send("/open P2 Lost my phone, MFA prompts go nowhere")
        let lines = alice.readUntil { $0.contains("\"type\":\"reply\"") } ?? []
        let suggest = try #require(lines.first { $0.contains("\"event\":\"bot.suggest\"") })
        #expect(suggest.contains("\"bot\":true"))
        #expect(suggest.contains("\"actor\":\"swarmbot\""))
        #expect(suggest.contains("!faq mfa-lost"))
        // The suggestion comes after the ticket exists: the reply confirms it was opened.
        #expect(lines.last?.contains("\"message\":\"opened #1\"") == true)
    }

    @Test func unknownKey_ErrNamesTheClosestKeys() throws {
        let server = try seeded()
        let alice = try server.agent("alice")
        #expect(alice.status("!faq prnter") == "ERR no-such-faq no !faq prnter; did you mean printer?")
        #expect(alice.status("!faq") == "ERR usage KEY|search|add|edit|rm|list|review is missing; usage: !faq KEY|search|add|edit|rm|list|review [WORDS|KEY TEXT]")
    }

    @Test func addSearchVoteEditRemove_RoundTrip() throws {
        let server = try TestServer()
        let lead = try server.agent("lead")
        #expect(lead.status("!faq add coffee Coffee machine broken | Call facilities on 1234 | kitchen facilities") ==
                "OK added !faq coffee: Coffee machine broken")
        #expect(lead.status("!faq add coffee again") == "ERR faq-key-taken !faq coffee exists already; use !faq edit coffee TEXT")
        #expect(lead.command("!faq search KITCHEN").first == "  coffee: Coffee machine broken (score 6, helped 0)")
        #expect(lead.status("!helped coffee") == "OK thanks: coffee helped 1 time")
        #expect(lead.status("!nothelped coffee") == "OK noted: coffee did not help 1 time")
        #expect(lead.status("!nothelped coffee") == "OK noted: coffee did not help 2 times")
        #expect(lead.command("!faq review").first == "  coffee: Coffee machine broken (helped 1, not helped 2)")
        #expect(lead.status("!faq edit coffee Call facilities on 5678") == "OK edited !faq coffee: Coffee machine broken")
        #expect(lead.command("!faq coffee")[1] == "  Call facilities on 5678")
        #expect(lead.status("!faq rm coffee") == "OK removed !faq coffee")
        #expect(lead.status("!faq list") == "OK 0 entries")
    }

    @Test func roles_AgentsAddAndVote_LeadsEditAndRemove_ObserversRead() throws {
        let server = try TestServer()
        let lead = try server.agent("lead")
        let agent = try server.agent("agent")
        let watcher = try server.agent("watcher")
        // Roles come from issue 6's configuration; until then, set them on the loop thread.
        _ = server.handle.inspect { s in
            s.sessionsByAgent["agent"]?.role = .agent
            s.sessionsByAgent["watcher"]?.role = .observer
            return true
        }
        #expect(agent.status("!faq add kettle Kettle trips the fuse | Use the one in room 2") == "OK added !faq kettle: Kettle trips the fuse")
        #expect(agent.status("!faq edit kettle nope") == "ERR forbidden !faq edit needs role lead; you are agent")
        #expect(agent.status("!faq rm kettle") == "ERR forbidden !faq rm needs role lead; you are agent")
        #expect(agent.status("!helped kettle") == "OK thanks: kettle helped 1 time")
        #expect(watcher.status("!faq add tea x") == "ERR forbidden !faq add needs role agent; you are observer")
        #expect(watcher.status("!helped kettle") == "ERR forbidden !helped needs role agent; you are observer")
        #expect(watcher.command("!faq kettle").last == "OK !faq kettle")
        #expect(lead.status("!faq rm kettle") == "OK removed !faq kettle")
    }

    @Test func faqEdits_AreHeardOnTheBoardFeed() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        _ = alice.command("!faq add vpn VPN | Reconnect")
        #expect(bob.readUntil { $0.hasSuffix("* alice added !faq vpn: VPN") } != nil)
    }

    @Test func promote_FromTheRoomsComments() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        _ = alice.command("/open P2 Outlook crashes on start")
        for line in ["start in safe mode: outlook /safe", "disable the PDF add-in", "fixed"] { _ = alice.command("/say #1 \(line)") }
        #expect(alice.status("!promote ^1..^2 outlook-crash") == "OK promoted #1 ^1..^2 to !faq outlook-crash")
        #expect(alice.command("!faq outlook-crash")[1] == "  start in safe mode: outlook /safe / disable the PDF add-in")
        #expect(alice.status("!promote ^2..^1 other") == "ERR bad-range ^2..^1 runs backwards; write the lower number first")
        #expect(alice.status("!promote 1-2 other").hasPrefix("ERR usage a comment range reads ^12..^19"))
    }

    @Test func requeue_WaitsWhileTheOwnerIsOnline_AndFollowsTheirLeaving() throws {
        let server = try TestServer { $0.policy.staleAfter = .minutes(30) }
        let alice = try server.agent("alice")
        let bob = try server.agent("bob")
        _ = alice.command("/open P4 Printer on floor 2 jammed")
        #expect(bob.status("/claim #1").hasPrefix("OK"))
        alice.skipReceived()
        server.clock.advance(.minutes(31))
        #expect(alice.readUntil { $0.contains("#1 has been quiet for 31m") } != nil)
        server.clock.advance(.minutes(30))
        #expect(alice.readUntil { $0.contains("#1 P4 \"Printer on floor 2 jammed\" has been quiet for 1h") } != nil)
        // Four times quiet, but bob is online: the ticket stays his, however often the cron runs.
        server.clock.advance(.hours(2))
        #expect(server.handle.inspect { s in s.watchTickets(); s.watchTickets(); return s.board.tickets[0].owner } == "bob")
        bob.close()
        #expect(waitFor(20) { server.handle.inspect { !$0.presence.isOnline("bob") } })
        server.clock.advance(.seconds(1))
        #expect(alice.readUntil { $0.contains("with bob offline: back to the queue, unassigned") } != nil)
        #expect(server.handle.inspect { $0.board.tickets[0].owner } == nil)
    }

    @Test func staleNotice_ArrivesAfterTheClockAdvances_OnlyOnce() throws {
        let server = try TestServer { $0.policy.staleAfter = .minutes(30) }
        let alice = try server.agent("alice")
        _ = alice.command("/open P2 Mail queue stuck")
        alice.skipReceived()
        server.clock.advance(.minutes(29))
        #expect(alice.command("/ping").last == "OK pong")
        server.clock.advance(.minutes(2))
        let notice = alice.readUntil { $0.contains("swarmbot (bot): #1 has been quiet for 31m") }
        #expect(notice != nil)
        // Still quiet but below 2×: no second notice, whatever the cron does meanwhile.
        server.clock.advance(.minutes(10))
        // Run the watch on the loop thread ourselves, twice, rather than hoping the 10 Hz cron ran.
        #expect(server.handle.inspect { s in s.watchTickets(); s.watchTickets(); return s.board.tickets[0].stale?.level } == 1)
        _ = alice.command("/ping")
        #expect(alice.received.filter { $0.contains("has been quiet") }.count == 1)
        let stale = alice.command("!stale")
        #expect(stale.first == "  #1 P2 quiet 41m owner unassigned step 1/3: Mail queue stuck")
        #expect(alice.command("!triage").first == "  #1 P2 new age 41m: Mail queue stuck")
    }
}
