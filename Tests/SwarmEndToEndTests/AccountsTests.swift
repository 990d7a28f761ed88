// Accounts mode: /hello NAME SECRET against crypt(3) hashes, delays, lockout, reload, secrecy.
import Foundation
import Testing
import SwarmDomain
@testable import SwarmServer

@Suite struct AccountsTests {
    @Test func rightSecret_LogsInWithTheAccountsRole() throws {
        let (server, _) = try TestServer.withAccounts()
        let c = try TestClient(port: server.port)
        #expect(c.nextLine()?.contains("/hello NAME SECRET to start (accounts required)") == true)
        #expect(c.status("/hello watcher obs pass") == "OK hello watcher (observer)")
        let boss = try server.login("boss", "lead pass")
        #expect(boss.status("/open P2 VPN down") == "OK opened #1")
        #expect(server.handle.inspect { $0.sessionsByAgent["boss"]?.role } == .lead)
    }

    @Test func openMode_SaysSoInTheGreeting_AndEveryoneIsLead() throws {
        let server = try TestServer()
        let c = try TestClient(port: server.port)
        #expect(c.nextLine()?.contains("open mode: any free name") == true)
        #expect(c.status("/hello anyone ignored-secret") == "OK hello anyone")
        #expect(server.handle.inspect { $0.sessionsByAgent["anyone"]?.role } == .lead)
    }

    @Test func missingSecret_IsAskedFor() throws {
        let (server, _) = try TestServer.withAccounts()
        let c = try TestClient(port: server.port)
        _ = c.nextLine()
        #expect(c.status("/hello boss").hasPrefix("ERR secret-required "))
        #expect(c.status("/hello boss lead pass") == "OK hello boss (lead)")
    }

    @Test func wrongSecret_IsRefusedAfterADelay_WithoutStallingOthers() throws {
        let (server, _) = try TestServer.withAccounts()
        let c = try TestClient(port: server.port)
        _ = c.nextLine()
        c.send("/hello boss not the pass")
        c.send("/ping after")
        // The refusal is held back; meanwhile the loop serves everyone else at once.
        let other = try server.login("agent1", "agent pass")
        #expect(other.status("/ping busy") == "OK pong busy")
        #expect(server.waitUntil { $0.sessions.values.contains { $0.heldReply != nil } })
        server.clock.advance(Span(millis: 500))
        #expect(!c.pump(timeout: 0.3))
        server.clock.advance(Span(millis: 600))
        #expect(c.nextLine()?.hasPrefix("ERR bad-login wrong name or secret (1 of 5 tries)") == true)
        #expect(c.nextLine() == "OK pong after")
        // An unknown name gets the same answer as a wrong secret.
        c.send("/hello nobody whatever")
        #expect(c.nextLine(advancing: server)?.hasPrefix("ERR bad-login wrong name or secret (2 of 5 tries)") == true)
    }

    @Test func fifthFailure_ClosesTheConnection() throws {
        let (server, _) = try TestServer.withAccounts()
        let c = try TestClient(port: server.port)
        _ = c.nextLine()
        for i in 1...4 {
            c.send("/hello boss guess\(i)")
            #expect(c.nextLine(advancing: server)?.hasPrefix("ERR bad-login wrong name or secret (\(i) of 5 tries)") == true)
        }
        c.send("/hello boss guess5")
        #expect(c.nextLine() == "ERR bad-login wrong name or secret; 5 failures, closing")
        #expect(c.waitForClose())
    }

    @Test func jsonBot_LogsInWithAnAccount_AndGetsItsIDBack() throws {
        let (server, _) = try TestServer.withAccounts()
        let bot = try TestClient(port: server.port)
        _ = bot.nextLine()
        bot.send("/format json")
        #expect(bot.nextLine()?.contains(#""ok":true"#) == true)
        bot.send(#"{"id": "login-1", "line": "/hello agent1 agent pass"}"#)
        let reply = bot.nextLine() ?? ""
        #expect(reply.contains(#""id":"login-1""#) && reply.contains(#""ok":true"#) && reply.contains(#""role":"agent""#))
        #expect(!reply.contains("agent pass"))
    }

    @Test func secrets_NeverAppearInLogsBoardOrAgents() throws {
        let log = LogCapture()
        let (server, _) = try TestServer.withAccounts(log: log)
        let boss = try server.login("boss", "lead pass")
        let c = try TestClient(port: server.port)
        _ = c.nextLine()
        c.send("/hello agent1 Wrong-Secret-7")
        #expect(c.nextLine(advancing: server)?.hasPrefix("ERR bad-login") == true)
        _ = c.command("{\"id\": 1, \"line\": \"/hello agent1 agent pass\"}")
        #expect(c.status("/hello agent1 agent pass").hasPrefix("OK hello agent1"))
        let agents = boss.command("/agents")
        #expect(agents.last == "OK 2 online")
        let board = server.handle.inspect { server in
            String(decoding: (try? JSONEncoder().encode(server.board)) ?? Data(), as: UTF8.self)
        }
        #expect(board.contains("agent1"))
        let everything = log.all + agents + [board] + boss.received + c.received
        for secret in ["lead pass", "agent pass", "Wrong-Secret-7", "$6$"] {
            #expect(!everything.contains { $0.contains(secret) }, "\(secret) leaked")
        }
        #expect(log.all.contains { $0.contains("msg=\"login refused\"") && $0.contains("name=agent1") })
        #expect(log.all.contains { $0.contains("mode=accounts") })
    }

    @Test func sighupReload_ChangesRoles_RemovesAccounts_KeepsOldOnABadFile() throws {
        let (server, path) = try TestServer.withAccounts()
        let watcher = try server.login("watcher", "obs pass")
        let agent = try server.login("agent1", "agent pass")
        #expect(watcher.status("/open P2 x").hasPrefix("ERR forbidden"))
        // A broken file changes nothing.
        _ = try TestAccounts.write("[{\"name\": ", to: path)
        server.handle.inspect { $0.reloadAccounts() }
        #expect(watcher.status("/ping").hasPrefix("OK"))
        #expect(server.handle.inspect { $0.accounts?.count } == 3)
        // watcher becomes an agent; agent1 is gone.
        let w = TestAccounts.watcher, l = TestAccounts.lead
        _ = try TestAccounts.write(TestAccounts.json([(w.0, "agent", w.2), (l.0, "lead", l.2)]), to: path)
        server.handle.inspect { $0.reloadAccounts() }
        #expect(watcher.readUntil { $0.hasPrefix("*") }?.last == "* your role is now agent")
        #expect(watcher.status("/open P2 now allowed") == "OK opened #1")
        #expect(agent.readUntil { $0.hasPrefix("*") }?.last == "* your account was removed: closing")
        #expect(agent.waitForClose())
        let again = try TestClient(port: server.port)
        _ = again.nextLine()
        again.send("/hello agent1 agent pass")
        #expect(again.nextLine(advancing: server)?.hasPrefix("ERR bad-login") == true)
    }

    @Test func openModeOnANetworkAddress_RefusesToStart() {
        var c = Config()
        c.host = "0.0.0.0"
        c.port = 0
        c.log = .silent
        #expect(throws: AccountsError.self) { _ = try ServerHandle.start(c) }
    }
}
