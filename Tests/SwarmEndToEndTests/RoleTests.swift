// Every command in the tables, run by every role: refused below its declared role with
// `ERR forbidden … needs role X`, never refused at or above it. Written over the tables, so
// commands added later are covered without touching this file.
import Testing
import SwarmDomain
@testable import SwarmServer

@Suite struct RoleTests {
    @Test func everyCommand_IsRefusedBelowItsRole_AndAllowedAtOrAboveIt() throws {
        let (server, _) = try TestServer.withAccounts()
        let clients: [(Role, TestClient)] = [
            (.observer, try server.login(TestAccounts.watcher.0, TestAccounts.watcher.1)),
            (.agent, try server.login(TestAccounts.agent.0, TestAccounts.agent.1)),
            (.lead, try server.login(TestAccounts.lead.0, TestAccounts.lead.1)),
        ]
        let specs = CommandTable.slash + CommandTable.bang
        #expect(specs.count >= 13)
        // /quit closes the connection: checked on its own below.
        for spec in specs where !(spec.prefix == .slash && spec.name == "quit") {
            let line = spec.prefix.rawValue + spec.name
            for (role, client) in clients {
                let status = client.command(line).last ?? "<none>"
                if spec.role > role {
                    #expect(status == "ERR forbidden \(line) needs role \(spec.role.rawValue); you are \(role.rawValue)")
                } else {
                    #expect(!status.hasPrefix("ERR forbidden"), "\(line) as \(role.rawValue): \(status)")
                    #expect(status != "<timeout>", "\(line) as \(role.rawValue) got no reply")
                }
            }
        }
        for (_, client) in clients {
            #expect(client.status("/quit") == "OK bye")
            #expect(client.waitForClose())
        }
    }

    @Test func observer_ReadsButCannotComment() throws {
        let (server, _) = try TestServer.withAccounts()
        let boss = try server.login("boss", "lead pass")
        #expect(boss.status("/open P1 Mail down") == "OK opened #1")
        let watcher = try server.login("watcher", "obs pass")
        #expect(watcher.status("/join #1").hasPrefix("OK joined #1"))
        #expect(watcher.status("a comment") == "ERR forbidden commenting needs role agent; you are observer")
        #expect(watcher.status("/say #1 hi").hasPrefix("ERR forbidden /say needs role agent"))
        boss.send("status: failover")
        #expect(watcher.readUntil { $0.hasSuffix("boss: status: failover") } != nil)
        // /help lists only what the role may run.
        let help = watcher.command("/help")
        #expect(!help.contains { $0.contains("/open ") } && help.contains { $0.contains("/join ") })
    }
}
