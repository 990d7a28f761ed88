// The real `swarmline` binary as a child process: its ports read from its stdout
// ("listening on HOST:PORT", "metrics on HOST:PORT"), stopped with SIGTERM by its own pid.
import Foundation
import Glibc
import SwarmTestSupport

final class RealServer {
    let process = Process()
    let port: Int
    let metricsPort: Int?
    let dataDir: String
    private let stderrPipe = Pipe()
    private var stopped = false

    /// Starts the binary with `--port 0` and its own data folder (unless `args` name one).
    init(_ args: [String] = [], environment: [String: String] = [:], cwd: String? = nil, metrics: Bool = false) throws {
        dataDir = Scratch.path("real")
        process.executableURL = ProcessTests.binary
        var full = ["--port", "0", "--data-dir", dataDir]
        if metrics { full += ["--metrics-port", "0"] }
        process.arguments = full + args
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = stderrPipe
        try process.run()
        let first = ProcessTests.firstLine(out)
        guard first.hasPrefix("listening on "), let p = Int(first.split(separator: ":").last ?? "") else {
            process.waitUntilExit()
            throw FetchFailure("no listening line: \(first) \(String(decoding: stderrPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
        }
        port = p
        if metrics {
            let second = ProcessTests.firstLine(out)
            guard second.hasPrefix("metrics on "), let m = Int(second.split(separator: ":").last ?? "") else {
                throw FetchFailure("no metrics line: \(second)")
            }
            metricsPort = m
        } else {
            metricsPort = nil
        }
    }

    struct FetchFailure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// SIGTERM, then waits; returns the exit status and everything logged on stderr.
    @discardableResult
    func stop() -> (status: Int32, log: String) {
        if !stopped {
            stopped = true
            kill(process.processIdentifier, SIGTERM)
        }
        let log = String(decoding: stderrPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, log)
    }

    deinit {
        if !stopped { kill(process.processIdentifier, SIGTERM); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: dataDir)
    }
}
