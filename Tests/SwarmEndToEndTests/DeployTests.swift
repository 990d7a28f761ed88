// What Deploy/ ships, checked against the real thing: the built-in FAQ seeds a server started
// from any folder, the example accounts file loads, the Docker health check works against a real
// server, and the binary's --help lists every flag.
import Foundation
import Glibc
import Testing
import SwarmDomain
@testable import SwarmServer
import SwarmTestSupport

@Suite struct DeployTests {
    static let root = ReadmeTests_root()

    static func faqEntryCount() throws -> Int {
        let data = try Data(contentsOf: root.appendingPathComponent("Deploy/faq.json"))
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(obj["entries"] as? [Any]).count
    }

    @Test func builtInFAQ_IsDeployFaqJson() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("Deploy/faq.json"), encoding: .utf8)
        #expect(FAQStarterSet.json == file.withoutNewlines, "run Scripts/embed-faq")
    }

    /// The binary started in an empty folder (as systemd and Docker start it) still seeds the
    /// whole starter set; --faq-seed FILE still overrides it.
    @Test func binaryStartedElsewhere_SeedsTheBuiltInFAQ_FlagOverrides() throws {
        let elsewhere = Scratch.folder("cwd")
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let expected = try Self.faqEntryCount()

        let server = try RealServer(cwd: elsewhere)
        let c = try TestClient(port: server.port)
        _ = c.nextLine()
        _ = c.status("/hello ops")
        #expect(c.status("!faq list") == "OK \(expected) entries")
        let (status, log) = server.stop()
        #expect(status == 0 && log.contains("msg=\"FAQ seeded\" source=built-in entries=\(expected)"))

        let own = elsewhere + "/mine.json"
        try #"{"version": 1, "entries": [{"key": "coffee", "title": "Coffee machine", "answer": "Descale it.", "tags": ["kitchen"]}, {"key": "door", "title": "Door badge", "answer": "Ask reception.", "tags": ["office"]}]}"#
            .write(toFile: own, atomically: false, encoding: .utf8)
        let custom = try RealServer(["--faq-seed", "mine.json"], cwd: elsewhere)
        let d = try TestClient(port: custom.port)
        _ = d.nextLine()
        _ = d.status("/hello ops")
        #expect(d.status("!faq list") == "OK 2 entries")
        #expect(custom.stop().status == 0)
    }

    @Test func exampleAccounts_LoadWithTheRealLoader_AndTheServerStartsWithThem() throws {
        let path = Self.root.appendingPathComponent("Deploy/accounts.json").path
        let accounts = try Accounts.load(path: path)
        #expect(Set(accounts.names.compactMap { accounts.account($0)?.role }) == [.observer, .agent, .lead])
        let server = try RealServer(["--accounts", path, "--host", "127.0.0.1"])
        let c = try TestClient(port: server.port)
        #expect(c.nextLine()?.contains("/hello NAME SECRET") == true)
        let (status, log) = server.stop()
        #expect(status == 0 && log.contains("mode=accounts accounts=\(accounts.count)"))
    }

    /// The README's recipe for a hash (`openssl passwd -6`) makes one the server accepts.
    @Test(.enabled(if: HTTPFetch.executable("openssl") != nil, "needs openssl"))
    func opensslPasswdHash_IsAccepted() throws {
        let hash = try HTTPFetch.run(HTTPFetch.executable("openssl")!, ["passwd", "-6", "correct horse"]).withoutNewlines
        #expect(hash.hasPrefix("$6$"))
        #expect(Secret.verify("correct horse", hash: hash))
        #expect(!Secret.verify("wrong horse", hash: hash))
    }

    /// The Dockerfile's HEALTHCHECK command, run by /bin/sh as Docker runs it, against a real
    /// server: healthy while it runs, unhealthy once it is gone.
    @Test func dockerHealthCheck_PassesOnARunningServer_FailsOnAStoppedOne() throws {
        let dockerfile = try String(contentsOf: Self.root.appendingPathComponent("Deploy/Dockerfile"), encoding: .utf8)
        let joined = dockerfile.replacingOccurrences(of: "\\\n", with: " ")
        let line = try #require(joined.split(separator: "\n").first { $0.hasPrefix("HEALTHCHECK ") })
        let command = String(try #require(line.range(of: " CMD ").map { line[$0.upperBound...] }))

        let server = try RealServer(metrics: true)
        func check() throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", command]
            p.environment = ["PATH": "/usr/bin:/bin", "SWARMLINE_METRICS_PORT": String(server.metricsPort!)]
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        #expect(try check() == 0)
        #expect(server.stop().status == 0)
        #expect(try check() != 0)
    }

    @Test func binaryHelp_ListsEveryFlag_WithDefaultAndVariable() throws {
        let (p, out, _) = try ProcessTests.launch(["--help"])
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        for f in Flags.all {
            let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("  --\(f.name) ") || $0 == "  --\(f.name)" })
            #expect(row.contains("(default \(f.defaultValue); env \(f.environmentVariable))"), "\(f.name)")
        }
    }

    @Test func badConfigFile_ExitsTwo_NamingFileAndLine() throws {
        let path = try Scratch.file("conf", suffix: ".conf", "port = 7420\nmetrics-prot = 9090\n")
        defer { unlink(path) }
        let (p, _, err) = try ProcessTests.launch(["--config", path])
        p.waitUntilExit()
        #expect(p.terminationStatus == 2)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.hasPrefix("swarmline: \(path) line 2: unknown key metrics-prot"))
    }
}
