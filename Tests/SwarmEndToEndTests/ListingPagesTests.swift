// Listings come a page at a time: /list, /tickets, !triage, !stale and /wanted show 50 by
// default, say how many more there are, and print the command for the next page.
import Foundation
import Testing
@testable import SwarmServer

@Suite struct ListingPagesTests {
    /// 120 tickets a second apart; every tenth is P1, so board order is not number order.
    static func boardOf120() throws -> (TestServer, TestClient) {
        let server = try TestServer {
            $0.maxRooms = 1_000
            $0.policy.wipPerAgent = nil
        }
        let alice = try server.agent("alice")
        for i in 1...120 {
            #expect(alice.status("/open \(i % 10 == 0 ? "P1" : "P2") Ticket \(i)") == "OK opened #\(i)")
            server.clock.advance(.seconds(1))
        }
        return (server, alice)
    }

    /// Board order of that board: the P1s, then the P2s, each oldest first.
    static let boardOrder = Array(stride(from: 10, through: 120, by: 10)) + (1...120).filter { $0 % 10 != 0 }

    static func ids(_ lines: [String]) -> [Int] {
        lines.compactMap { line in
            let t = line.drop { $0 == " " }
            guard t.first == "#" else { return nil }
            return Int(t.dropFirst().prefix { $0.isNumber })
        }
    }

    /// Follows the `… and N more: COMMAND` lines to the end; every page's reply.
    static func walk(_ client: TestClient, _ first: String) -> [[String]] {
        var pages: [[String]] = [], next: String? = first
        while let line = next, pages.count < 50 {
            let page = client.command(line)
            pages.append(page)
            next = page.dropLast().last.flatMap { l in l.range(of: " more: ").map { String(l[$0.upperBound...]) } }
        }
        return pages
    }

    @Test func list_ShowsFiftyThenTheCommandForTheNextPage_AndTheWalkCoversEveryTicketOnce() throws {
        let (server, _) = try Self.boardOf120()
        let bob = try server.agent("bob")
        let first = bob.command("/list")
        #expect(first.count == 52)
        #expect(first[50] == "  … and 70 more: /list after:#\(Self.boardOrder[49])")
        #expect(first[51] == "OK 120 tickets, showing 1-50")
        let pages = Self.walk(bob, "/list")
        #expect(pages.map { $0.last! } == ["OK 120 tickets, showing 1-50", "OK 120 tickets, showing 51-100", "OK 120 tickets, showing 101-120"])
        #expect(pages.flatMap { Self.ids($0) } == Self.boardOrder)

        // Filter words and the limit are kept in the next page's command; `after:` is replaced.
        let p2 = Self.walk(bob, "/list p2 LIMIT:40")
        #expect(p2[0].dropLast().last == "  … and 68 more: /list p2 limit:40 after:#\(Self.boardOrder[12 + 39])")
        #expect(p2.count == 3 && p2.flatMap { Self.ids($0) } == Array(Self.boardOrder.dropFirst(12)))
        #expect(bob.command("/list limit:1000").count == 121)
        #expect(bob.command("/list limit:5 p2 limit:10").dropLast().last == "  … and 98 more: /list p2 limit:10 after:#\(Self.boardOrder[12 + 9])")
        #expect(bob.status("/list P1") == "OK 12 tickets")
        #expect(bob.command("/list P1 after:#\(Self.boardOrder.last!)") == ["OK 12 tickets, none after #\(Self.boardOrder.last!)"])
        // The cursor is a place in the order, even for a ticket the filter does not show.
        #expect(Self.ids(bob.command("/list P1 after:#1")) == [])
        #expect(Self.ids(bob.command("/list P2 limit:3 after:#30")) == [1, 2, 3])
    }

    @Test func badPageWords_AreOneLineErrors_AndChangeNothing() throws {
        let (server, alice) = try Self.boardOf120()
        for (line, reply) in [
            ("/list limit:0", "ERR usage limit: is 1 to 1000, e.g. limit:200"),
            ("/list limit:1001", "ERR usage limit: is 1 to 1000, e.g. limit:200"),
            ("/list limit:lots", "ERR usage limit: is 1 to 1000, e.g. limit:200"),
            ("/list after:", "ERR usage after: needs a ticket, e.g. after:#120 (the last one shown)"),
            ("/list after:#x", "ERR usage after: needs a ticket, e.g. after:#120 (the last one shown)"),
            ("/list after:#121", "ERR no-such-ticket #121 does not exist"),
            ("/tickets everything", "ERR usage /tickets takes all, limit:N and after:#N, e.g. /tickets all limit:200"),
            ("!triage P1", "ERR usage !triage takes limit:N and after:#N, e.g. !triage limit:200"),
            ("!stale after:#500", "ERR no-such-ticket #500 does not exist"),
            ("/wanted limit:-1", "ERR usage limit: is 1 to 1000, e.g. limit:200"),
        ] {
            #expect(alice.command(line) == [reply], "\(line)")
        }
        #expect(alice.status("/ping still here") == "OK pong still here")
        #expect(server.handle.inspect { $0.board.ticketCount } == 120)
    }

    @Test func tickets_PageByNumber_AndAllAddsClosedOnes() throws {
        let (server, alice) = try Self.boardOf120()
        for id in [3, 60] {
            #expect(alice.status("/resolve #\(id) done").hasPrefix("OK"))
            #expect(alice.status("/close #\(id)").hasPrefix("OK"))
        }
        let open = (1...120).filter { $0 != 3 && $0 != 60 }
        let pages = Self.walk(alice, "/tickets")
        #expect(pages.flatMap { Self.ids($0) } == open)
        #expect(pages[0].dropLast().last == "  … and 68 more: /tickets after:#51")
        #expect(pages.last?.last == "OK 118 tickets, showing 101-118")
        let all = Self.walk(alice, "/tickets all limit:100")
        #expect(all.flatMap { Self.ids($0) } == Array(1...120))
        #expect(all[0].dropLast().last == "  … and 20 more: /tickets all limit:100 after:#100")
        // By number any number is a place, on the board or not.
        #expect(Self.ids(alice.command("/tickets after:#115")) == [116, 117, 118, 119, 120])
        #expect(alice.command("/tickets after:#500") == ["OK 118 tickets, none after #500"])
        #expect(Self.ids(alice.command("/tickets All LIMIT:2 After:#2")) == [3, 4])
        _ = server
    }

    @Test func botListings_PageToo() throws {
        let (server, alice) = try Self.boardOf120()
        let bob = try server.agent("bob")
        // Claimed tickets leave !triage; touched ones are not stale.
        for id in 1...10 { #expect(bob.status("/claim #\(id)").hasPrefix("OK")) }
        server.clock.advance(.minutes(31))
        alice.skipReceived()
        let triage = Self.walk(alice, "!triage limit:25")
        let unassigned = Self.boardOrder.filter { $0 > 10 }
        #expect(triage.flatMap { Self.ids($0) } == unassigned)
        #expect(triage[0].dropLast().last == "  … and \(unassigned.count - 25) more: !triage limit:25 after:#\(unassigned[24])")
        #expect(triage[0].last == "OK \(unassigned.count) unassigned, showing 1-25")
        // Quietest first: the oldest activity first; all 120 went quiet over 31 minutes ago.
        let stale = Self.walk(alice, "!stale")
        let staleIDs = stale.flatMap { Self.ids($0) }
        #expect(staleIDs == Array(11...120) + Array(1...10), "claiming is activity")
        #expect(stale[0].last == "OK 120 stale (quiet for 30m or more), showing 1-50")
        // Handling the last one shown takes it off the list, and its place with it: the next page
        // starts again from the quietest, without it.
        #expect(alice.status("/say #60 on it").hasPrefix("OK"))
        let again = alice.command("!stale after:#60")
        #expect(Self.ids(again) == staleIDs.filter { $0 != 60 }.prefix(50).map { $0 })
        #expect(again.last == "OK 119 stale (quiet for 30m or more), showing 1-50")
        _ = server
    }

    @Test func wanted_PagesTheTicketsThatNeedYourSkills() throws {
        let (server, alice) = try Self.boardOf120()
        for id in stride(from: 2, through: 120, by: 2) { #expect(alice.status("/tag #\(id) +db").hasPrefix("OK")) }
        let carol = try server.agent("carol")
        #expect(carol.status("/wanted") == "OK declare skills with /skills +SKILL first")
        #expect(carol.status("/skills +db").hasPrefix("OK"))
        let pages = Self.walk(carol, "/wanted limit:20")
        #expect(pages.flatMap { Self.ids($0) } == Self.boardOrder.filter { $0 % 2 == 0 })
        #expect(pages.count == 3 && pages[0].last == "OK 60 tickets want you, showing 1-20")
        #expect(pages[0][0].hasSuffix("[db]"))
    }

    @Test func json_GivesTotalAndNext_ABotWalksToTheEnd() throws {
        let (server, _) = try Self.boardOf120()
        let bot = try server.agent("bot")
        bot.send("/format json")
        _ = bot.nextLine()
        var seen: [Int] = [], next: Int? = nil, requests = 0
        repeat {
            requests += 1
            let after = next.map { " after:#\($0)" } ?? ""
            bot.send(#"{"id": \#(requests), "line": "/list limit:45\#(after)"}"#)
            let reply = try JSONModeTests.object(bot.readUntil { $0.contains("\"type\":\"reply\"") }?.last)
            #expect(reply["id"] as? Int == requests)
            let data = try #require(reply["data"] as? [String: Any])
            #expect(data["total"] as? Int == 120)
            let page = try #require(data["tickets"] as? [[String: Any]]).compactMap { $0["id"] as? Int }
            seen += page
            next = data["next"] as? Int
            #expect(next == nil || next == page.last)
        } while next != nil && requests < 10
        #expect(seen == Self.boardOrder && requests == 3)
    }
}
