// The real `swarmline` binary: start-up line, clean stop on SIGTERM, exit 2 on bad usage.
import Foundation
import Testing
@testable import SwarmServer
import SwarmTestSupport

@Suite struct ProcessTests {
    static var binary: URL {
        // The test runner sits next to the products in the build folder.
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
            + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        return candidates.map { $0.appendingPathComponent("swarmline") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    static func launch(_ args: [String]) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        return (p, out, err)
    }

    static func firstLine(_ pipe: Pipe) -> String {
        var bytes: [UInt8] = []
        while true {
            let d = pipe.fileHandleForReading.readData(ofLength: 1)
            if d.isEmpty || d.first == 0x0A { break }
            bytes.append(contentsOf: d)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func printsListeningLine_ServesClients_StopsCleanlyOnSIGTERM() throws {
        let dir = Scratch.path("proc")
        let (p, out, err) = try Self.launch(["--port", "0", "--data-dir", dir])
        let line = Self.firstLine(out)
        #expect(line.hasPrefix("listening on 127.0.0.1:"))
        let port = try #require(Int(line.split(separator: ":").last ?? ""))
        let c = try TestClient(port: port)
        #expect(c.nextLine()?.hasPrefix("* Swarmline") == true)
        #expect(c.status("/hello procs") == "OK hello procs")
        kill(p.processIdentifier, SIGTERM)
        #expect(c.readUntil { $0.contains("server shutting down") } != nil)
        #expect(c.waitForClose())
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("msg=listening"))
        #expect(log.contains("msg=\"shutting down\" reason=SIGTERM"))
        #expect(log.split(separator: "\n").allSatisfy { $0.hasPrefix("ts=") })
    }

    /// A log reader that stops reading (a stalled journald, a pipe nobody reads) does not stall
    /// the server: 1,500 connections come and go (two log lines each, far more than a pipe
    /// holds) and a client still gets its answers; SIGTERM still stops it, after giving the log
    /// its 2 s to drain.
    @Test func aLogNobodyReads_DoesNotStallTheServer() throws {
        let dir = Scratch.path("stalledlog")
        let (p, out, err) = try Self.launch(["--port", "0", "--data-dir", dir, "--log-level", "info", "--max-per-ip", "0"])
        defer { withExtendedLifetime(err) {} }
        let line = Self.firstLine(out)
        let port = try #require(Int(line.split(separator: ":").last ?? ""))
        for i in 0..<1500 {
            let c = try TestClient(port: port)
            let banner = c.nextLine(timeout: 10)
            #expect(banner?.hasPrefix("* Swarmline") == true, "connection \(i) got no banner")
            if banner == nil { break }
        }
        let c = try TestClient(port: port)
        #expect(c.nextLine(timeout: 10)?.hasPrefix("* Swarmline") == true)
        #expect(c.status("/hello reader") == "OK hello reader")
        #expect(c.status("/ping after") == "OK pong after")
        kill(p.processIdentifier, SIGTERM)
        let stopped = waitFor(30) { !p.isRunning }
        #expect(stopped, "still running 30 s after SIGTERM")
        if !stopped { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        if stopped { #expect(p.terminationReason == .exit && p.terminationStatus == 0) }
    }

    @Test func unknownFlag_PrintsUsage_ExitsTwo() throws {
        let (p, _, err) = try Self.launch(["--no-such-flag"])
        p.waitUntilExit()
        #expect(p.terminationStatus == 2)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("unknown flag --no-such-flag") && text.contains("usage: swarmline"))
    }
}
