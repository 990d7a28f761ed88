// The command line: flags, environment variables, precedence and refusals.
import Testing
@testable import SwarmServer

@Suite struct FlagsTests {
    static func config(_ args: [String], env: [String: String] = [:]) throws -> Config {
        guard case .run(let c) = try Flags.parse(args, environment: env) else { throw FlagError("not a run") }
        return c
    }

    @Test func defaults() throws {
        let c = try Self.config([])
        #expect(c.host == "127.0.0.1" && c.port == 7420 && c.dataDir == "./swarmline-data" && c.maxLine == 4096)
    }

    @Test func flagsInBothSpellings() throws {
        let c = try Self.config(["--port", "0", "--host=::1", "--data-dir", "/tmp/x", "--max-line=512"])
        #expect(c.port == 0 && c.host == "::1" && c.dataDir == "/tmp/x" && c.maxLine == 512)
    }

    @Test func environment_IsReadAndAFlagBeatsIt() throws {
        let env = ["SWARMLINE_PORT": "9000", "SWARMLINE_DATA_DIR": "/srv/swarm", "SWARMLINE_MAX_LINE": "1024"]
        let fromEnv = try Self.config([], env: env)
        #expect(fromEnv.port == 9000 && fromEnv.dataDir == "/srv/swarm" && fromEnv.maxLine == 1024)
        #expect(try Self.config(["--port", "9100"], env: env).port == 9100)
    }

    @Test(arguments: [["--bogus"], ["--port"], ["--port", "70000"], ["--port", "x"], ["stray"], ["--max-line", "1"], ["--log-level", "loud"]])
    func badArguments_AreRefusedWithAReason(args: [String]) {
        #expect(throws: FlagError.self) { try Flags.parse(args, environment: [:]) }
    }

    @Test func badEnvironmentValue_NamesTheVariable() {
        do {
            _ = try Flags.parse([], environment: ["SWARMLINE_PORT": "seven"])
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("SWARMLINE_PORT: "))
        }
    }

    @Test func help_ListsEveryFlagWithDefaultAndVariable() throws {
        guard case .help(let text) = try Flags.parse(["--help"], environment: [:]) else {
            Issue.record("no help")
            return
        }
        for f in Flags.all {
            #expect(text.contains("--\(f.name) \(f.value)") && text.contains(f.environmentVariable) && text.contains(f.defaultValue))
        }
    }
}
