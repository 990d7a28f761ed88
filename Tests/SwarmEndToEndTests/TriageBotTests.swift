// Scripts/examples/triage-bot.py against the real server: it tags new tickets by keyword rules,
// answers `NAME rules` in a room, reconnects when cut off, and logs in with an account secret.
import Foundation
import Glibc
import Testing
@testable import SwarmServer
import SwarmDomain
import SwarmTestSupport

/// python3 on PATH, if any: the only thing these tests need besides the server.
let python3: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    .split(separator: ":").map { "\($0)/python3" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// The bot as a child process; stopped (SIGTERM) and its log removed on deinit.
final class TriageBot {
    let process = Process()
    let logPath = Scratch.path("triagebot", suffix: ".log")

    init(port: Int, arguments: [String] = [], environment: [String: String] = [:]) throws {
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: python3!)
        process.arguments = [ReadmeTests_root().appendingPathComponent("Scripts/examples/triage-bot.py").path,
                             "--port", "\(port)"] + arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // A file, not a pipe: nobody reads it until the end, and a full pipe would block the bot.
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    deinit {
        // SIGKILL, not terminate(): it cannot be blocked or ignored, so no test can hang here.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: logPath)
    }
}

@Suite(.enabled(if: python3 != nil, "python3 is not installed"))
struct TriageBotTests {
    /// Polls `/show #N` until its tags line satisfies `match` (generous deadline: the bot is a
    /// separate process that has to start Python and connect).
    func waitForTags(_ c: TestClient, _ id: Int, timeout: Double = 20, _ match: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let tags = c.command("/show #\(id)").first(where: { $0.hasPrefix("  tags: ") }), match(tags) { return tags }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Whether a line matching `match` has arrived, or arrives within `timeout`. Looks at every
    /// line received so far too: polling /show reads past events, and the bot's join may come first.
    func saw(_ c: TestClient, timeout: Double = 20, _ match: (String) -> Bool) -> Bool {
        c.received.contains(where: match) || c.readUntil(timeout: timeout, match) != nil
    }

    /// Waits until the bot's log holds `text` at least `count` times.
    func waitForLog(_ bot: TriageBot, _ text: String, count: Int) -> Bool {
        waitFor(20) { bot.log.components(separatedBy: text).count - 1 >= count }
    }

    /// Waits until `name` is online (the bot has connected and said /hello).
    func waitOnline(_ server: TestServer, _ name: String) -> Bool {
        waitFor(20) { server.handle.inspect { $0.presence.isOnline(name) } }
    }

    @Test func newTicket_IsTaggedByTheRules_AndTheBotAnswersRulesInTheRoom() throws {
        let server = try TestServer()
        let bot = try TriageBot(port: server.port)
        let alice = try server.agent("alice")
        #expect(waitOnline(server, "triagebot"), "bot never connected:\n\(bot.log)")
        _ = alice.command("/open P2 VPN drops every hour; passwords expire too")
        let tags = waitForTags(alice, 1) { $0.contains("network") }
        #expect(tags == "  tags: identity network", "bot log:\n\(bot.log)")
        // It joined the new ticket's room, so it can be asked there.
        #expect(saw(alice) { $0.hasSuffix("* triagebot joined") })
        alice.send("triagebot rules")
        let answer = alice.readUntil(timeout: 20) { $0.contains("] triagebot: rules: ") }
        #expect(answer?.last?.contains("vpn, tunnel, wifi") == true, "bot log:\n\(bot.log)")
        #expect(answer?.last?.contains("-> +network") == true)
        // A title no rule matches is left alone.
        _ = alice.command("/open P3 Coffee machine leaks")
        #expect(saw(alice) { $0.hasPrefix("[#2 ") && $0.hasSuffix("* triagebot joined") })
        #expect(!alice.command("/show #2").contains { $0.hasPrefix("  tags:") })
    }

    @Test func rulesFile_ReplacesTheBuiltInRules() throws {
        let rules = try Scratch.file("rules", suffix: ".json", #"{"rules": [{"words": ["coffee", "kettle"], "tags": ["facilities"]}]}"#)
        defer { try? FileManager.default.removeItem(atPath: rules) }
        let server = try TestServer()
        let bot = try TriageBot(port: server.port, arguments: ["--rules", rules])
        let alice = try server.agent("alice")
        #expect(waitOnline(server, "triagebot"), "bot never connected:\n\(bot.log)")
        _ = alice.command("/open P3 Coffee machine leaks")
        #expect(waitForTags(alice, 1) { $0.contains("facilities") } == "  tags: facilities", "bot log:\n\(bot.log)")
    }

    @Test func cutOff_TheBotReconnects_AndCatchesUpOnTicketsOpenedMeanwhile() throws {
        let server = try TestServer()
        let bot = try TriageBot(port: server.port)
        let alice = try server.agent("alice")
        #expect(waitOnline(server, "triagebot"), "bot never connected:\n\(bot.log)")
        // Online on the server is not yet connected for the bot: its /hello reply may still be
        // held behind the journal. Cut only once the bot has logged that it is in.
        #expect(waitForLog(bot, "connected to 127.0.0.1", count: 1), "bot log:\n\(bot.log)")
        // Cut the bot's connection from the server side, then open a ticket while it is away
        // (or already back: either way it must end up tagged).
        let cut = server.handle.inspect { s -> Bool in
            guard let session = s.sessionsByAgent["triagebot"] else { return false }
            s.markClosing(session, reason: "test cuts the bot off")
            return true
        }
        #expect(cut)
        _ = alice.command("/open P2 Printer on floor 3 offline")
        #expect(waitForTags(alice, 1) { $0.contains("hardware") } == "  tags: hardware", "bot log:\n\(bot.log)")
        #expect(bot.log.contains("connection lost"))
        #expect(waitForLog(bot, "connected to 127.0.0.1", count: 2), "bot log:\n\(bot.log)")
        #expect(bot.log.components(separatedBy: "connected to 127.0.0.1").count - 1 == 2)
    }

    @Test func catchUp_ReadsEveryPageOfTheBoard() throws {
        // More untagged tickets than one /list page holds, opened before the bot starts.
        let server = try TestServer { $0.maxRooms = 2_000 }
        let alice = try server.agent("alice")
        let count = 1_005
        for i in 1...count { alice.send("/open P3 Printer \(i) jammed") }
        #expect(alice.readUntil(timeout: 60) { $0 == "OK opened #\(count)" } != nil)
        let bot = try TriageBot(port: server.port)
        // The last ones opened are the newest: on the second page, and in rooms the bot rejoins.
        #expect(waitForTags(alice, count, timeout: 60) { $0.contains("hardware") } == "  tags: hardware", "bot log:\n\(bot.log)")
        #expect(waitFor(60) { server.handle.inspect { s in s.board.tickets.allSatisfy { $0.tags == ["hardware"] } } },
                "bot log:\n\(bot.log)")
    }

    @Test func accountsMode_TheSecretComesFromTheEnvironment() throws {
        let (server, accounts) = try TestServer.withAccounts()
        defer { try? FileManager.default.removeItem(atPath: accounts) }
        let bot = try TriageBot(port: server.port, arguments: ["--name", TestAccounts.agent.0],
                                environment: ["TRIAGEBOT_SECRET": TestAccounts.agent.1])
        let boss = try server.login(TestAccounts.lead.0, TestAccounts.lead.1)
        #expect(waitOnline(server, TestAccounts.agent.0), "bot never connected:\n\(bot.log)")
        _ = boss.command("/open P1 MFA authenticator lost")
        #expect(waitForTags(boss, 1) { $0.contains("identity") } == "  tags: identity", "bot log:\n\(bot.log)")
        // Its command word is its own name.
        #expect(saw(boss) { $0.hasSuffix("* agent1 joined") })
        boss.send("agent1 rules")
        #expect(boss.readUntil(timeout: 20) { $0.contains("] agent1: rules: ") } != nil, "bot log:\n\(bot.log)")
    }

    @Test func wrongSecret_TheBotStopsWithExitCode2() throws {
        let (server, accounts) = try TestServer.withAccounts()
        defer { try? FileManager.default.removeItem(atPath: accounts) }
        let bot = try TriageBot(port: server.port, arguments: ["--name", TestAccounts.agent.0, "--secret", "wrong"])
        // A refused /hello is answered after --login delay, measured on the server's clock.
        let deadline = Date().addingTimeInterval(20)
        while bot.process.isRunning && Date() < deadline {
            server.clock.advance(.seconds(1))
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(!bot.process.isRunning)
        #expect(bot.process.terminationStatus == 2)
        #expect(bot.log.contains("/hello refused: bad-login"), "bot log:\n\(bot.log)")
    }

    @Test func sigterm_StopsTheBot_EvenIfStartedWithSignalsBlocked() throws {
        let server = try TestServer()
        let bot = try TriageBot(port: server.port)
        #expect(waitOnline(server, "triagebot"), "bot never connected:\n\(bot.log)")
        bot.process.terminate()
        let deadline = Date().addingTimeInterval(20)
        while bot.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(!bot.process.isRunning && bot.process.terminationStatus == 0)
    }
}
