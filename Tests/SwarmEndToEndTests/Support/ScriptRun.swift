// One of the repository's Scripts/ run to its end with bash, stdout and stderr together.
import Foundation

struct ScriptRun {
    let status: Int32
    let output: String

    /// Runs `Scripts/NAME ARGS…` with `environment` (the test's own when nil) plus
    /// `SWARMLINE_BIN` pointing at the binary the tests built.
    init(_ name: String, _ arguments: [String] = [], environment: [String: String]? = nil) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [ReadmeTests_root().appendingPathComponent("Scripts/" + name).path] + arguments
        var env = environment ?? ProcessInfo.processInfo.environment
        env["SWARMLINE_BIN"] = ProcessTests.binary.path
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        // Read before waiting: a full pipe would block the script.
        output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        status = p.terminationStatus
    }
}
