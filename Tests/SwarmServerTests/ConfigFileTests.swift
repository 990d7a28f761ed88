// --config FILE: key = value lines under environment variables and flags, and refusals that
// name the file and line.
import Foundation
import Testing
@testable import SwarmServer
import SwarmTestSupport

@Suite struct ConfigFileTests {
    static func file(_ text: String) throws -> String {
        try Scratch.file("conf", suffix: ".conf", text)
    }

    static func config(_ args: [String], env: [String: String] = [:]) throws -> Config {
        guard case .run(let c) = try Flags.parse(args, environment: env) else { throw FlagError("not a run") }
        return c
    }

    static let sample = """
        # Swarmline settings
        port = 1111
        max-line = 1000

          data-dir = /srv/from-file
        log-level=debug
        faq-seed = ""
        open-network
        metrics-port = 9100
        """

    @Test func precedence_FlagBeatsEnvironmentBeatsFileBeatsDefault() throws {
        let path = try Self.file(Self.sample)
        let env = ["SWARMLINE_PORT": "2222", "SWARMLINE_MAX_LINE": "2000"]
        let c = try Self.config(["--config", path, "--port", "3333"], env: env)
        #expect(c.port == 3333)                   // flag over environment and file
        #expect(c.maxLine == 2000)                // environment over file
        #expect(c.dataDir == "/srv/from-file")    // file over default
        #expect(c.log.level == .debug && c.faqSeed == .none && c.openNetwork && c.metricsPort == 9100)
        #expect(c.helloTimeout == .seconds(60))   // default: nobody set it
        #expect(c.configFile == path)
        // Without the file, the same environment and flags.
        let bare = try Self.config(["--port", "3333"], env: env)
        #expect(bare.dataDir == "./swarmline-data" && bare.faqSeed == .builtIn && bare.metricsPort == nil)
    }

    @Test func fileNamedByEnvironment_AndFlagNamesWin() throws {
        let a = try Self.file("port = 4001\n")
        let b = try Self.file("port = 4002\n")
        #expect(try Self.config([], env: ["SWARMLINE_CONFIG": a]).port == 4001)
        #expect(try Self.config(["--config=\(b)"], env: ["SWARMLINE_CONFIG": a]).port == 4002)
    }

    @Test(arguments: [
        ("port = 1\nprot = 7420\n", "line 2: unknown key prot (keys are the flag names of swarmline --help, without --)"),
        ("--port = 7420\n", "line 1: unknown key --port (write port, without --)"),
        ("\n\nport = seven\n", "line 3: --port must be a whole number from 0 to 65535"),
        ("port\n", "line 1: port needs a value: port = PORT"),
        ("port = 1\nport = 2\n", "line 2: port is set twice (lines 1 and 2)"),
        ("config = other.conf\n", "line 1: a config file cannot name another one"),
        ("fsync = maybe\n", "line 1: --fsync is on or off"),
    ])
    func badLines_AreRefused_NamingFileAndLine(text: String, message: String) throws {
        let path = try Self.file(text)
        do {
            _ = try Flags.parse(["--config", path], environment: [:])
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect(error.description == "\(path) \(message)")
        }
    }

    /// A file saved on Windows: CRLF ends each line like LF does, and line numbers still count.
    @Test func crlfLineEndings_ParseLikeLF() throws {
        let path = try Self.file("port = 1112\r\nlog-level = warn\r\n\r\nbogus = 1\r\n")
        #expect(throws: FlagError.self) { _ = try Self.config(["--config", path]) }
        do { _ = try Self.config(["--config", path]) } catch { #expect("\(error)".contains("line 4: unknown key bogus")) }
        let good = try Self.file("port = 1112\r\nlog-level = warn\r\n")
        let c = try Self.config(["--config", good])
        #expect(c.port == 1112)
    }

    @Test func missingFile_IsRefused() {
        #expect(throws: FlagError.self) { try Flags.parse(["--config", "/nonexistent/swarmline.conf"], environment: [:]) }
    }

    /// The shipped example (Deploy/swarmline.conf) parses, and sets what the Docker image and
    /// the systemd unit rely on.
    @Test func shippedExample_Parses() throws {
        let path = ReadmeTests.root.appendingPathComponent("Deploy/swarmline.conf").path
        let c = try Self.config(["--config", path])
        #expect(c.metricsPort != nil && c.configFile == path)
    }
}
