// TLS through the shipped Deploy/stunnel.conf: a real stunnel in front of a real server, a
// throwaway self-signed certificate from `openssl req`, and clients speaking through
// `openssl s_client` exactly as the README tells people to. Skipped (with the reason) only when
// stunnel or openssl is not installed.
import Foundation
import Glibc
import Testing
@testable import SwarmServer
import SwarmTestSupport

@Suite struct TLSTests {
    static let stunnel = HTTPFetch.executable("stunnel4") ?? HTTPFetch.executable("stunnel")
    static let openssl = HTTPFetch.executable("openssl")
    static let toolsPresent = stunnel != nil && openssl != nil

    /// A client over TLS: `openssl s_client -quiet`, lines in on stdin, lines out on stdout.
    final class TLSClient {
        let process = Process()
        let input = Pipe()
        let output: LineReader

        init(port: Int, caFile: String) throws {
            process.executableURL = URL(fileURLWithPath: TLSTests.openssl!)
            process.arguments = ["s_client", "-quiet", "-connect", "127.0.0.1:\(port)", "-servername", "localhost",
                                 "-CAfile", caFile, "-verify_return_error", "-verify_hostname", "localhost"]
            let out = Pipe()
            process.standardInput = input
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            output = LineReader(out)
            try process.run()
        }

        func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

        /// The status line of the reply to `line` (data lines and events skipped).
        func status(_ line: String) -> String? {
            send(line)
            return output.until { $0.hasPrefix("OK") || $0.hasPrefix("ERR") }
        }

        deinit { TLSTests.end(process) }
    }

    /// Deploy/stunnel.conf with the test's ports and certificate; setuid/setgid dropped (the
    /// test need not run as root, and the stunnel4 user need not exist).
    static func config(accept: Int, connect: Int, cert: String, key: String) throws -> String {
        let shipped = try String(contentsOf: ReadmeTests_root().appendingPathComponent("Deploy/stunnel.conf"), encoding: .utf8)
        var replaced: Set<String> = []
        let lines = shipped.split(separator: "\n", omittingEmptySubsequences: false).compactMap { raw -> String? in
            let name = raw.split(separator: "=").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let value: String? = switch name {
            case "accept": "127.0.0.1:\(accept)"
            case "connect": "127.0.0.1:\(connect)"
            case "cert": cert
            case "key": key
            case "setuid", "setgid": nil
            default: "keep"
            }
            guard let value else { return nil }
            if value == "keep" { return String(raw) }
            replaced.insert(name)
            return "\(name) = \(value)"
        }
        #expect(replaced == ["accept", "connect", "cert", "key"], "Deploy/stunnel.conf lost a setting")
        return lines.joined(separator: "\n")
    }

    /// A port free right now (bound, read back, released). stunnel cannot be told port 0, so a
    /// lost race shows as stunnel failing to bind, and the test then tries another port.
    static func freePort() throws -> Int {
        let l = try Listener(host: "127.0.0.1", port: 0)
        defer { l.close() }
        return l.port
    }

    /// stunnel running the shipped configuration in front of `backend`; nil if it would not start.
    static func startStunnel(backend: Int, dir: String) throws -> (Process, Int)? {
        for _ in 0..<3 {
            let port = try freePort()
            let conf = dir + "/stunnel.conf"
            try config(accept: port, connect: backend, cert: dir + "/cert.pem", key: dir + "/key.pem")
                .write(toFile: conf, atomically: false, encoding: .utf8)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: stunnel!)
            p.arguments = [conf]
            let log = Pipe()
            p.standardError = log
            p.standardOutput = log
            try p.run()
            let reader = LineReader(log)
            if reader.until(timeout: 20, { $0.contains("Configuration successful") || $0.contains("Configuration failed") })?
                .contains("successful") == true {
                return (p, port)
            }
            end(p)
        }
        return nil
    }

    /// SIGKILL, not SIGTERM: Foundation's Process starts children with the spawning thread's
    /// signal mask, and the test runner's threads block SIGTERM, so s_client and stunnel would
    /// never see it. (-quiet implies -ign_eof, so closing s_client's stdin does not end it.)
    static func end(_ p: Process) {
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
    }

    @Test(.enabled(if: toolsPresent, "needs stunnel and openssl (apt-get install stunnel4 openssl); .ci/run installs them"))
    func linesThroughStunnel_ReachTheServer_AndTheOtherClient() throws {
        let dir = Scratch.folder("tls")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let made = try HTTPFetch.runStatus(Self.openssl!, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem"])
        #expect(made == 0, "openssl req failed")
        guard made == 0 else { return }

        let server = try TestServer()
        let (tunnel, port) = try #require(try Self.startStunnel(backend: server.port, dir: dir), "stunnel did not start")
        defer { Self.end(tunnel) }

        let alice = try TLSClient(port: port, caFile: dir + "/cert.pem")
        #expect(alice.output.next()?.hasPrefix("* Swarmline") == true)
        #expect(alice.status("/hello alice") == "OK hello alice")
        #expect(alice.status("/open P2 Printer on fire") == "OK opened #1")
        let bob = try TLSClient(port: port, caFile: dir + "/cert.pem")
        #expect(bob.status("/hello bob") == "OK hello bob")
        #expect(bob.status("/join #1")?.hasPrefix("OK joined #1 Printer on fire") == true)
        alice.send("toner everywhere")
        #expect(bob.output.until { $0.hasSuffix("] alice: toner everywhere") } != nil)
        // The server saw both through stunnel, from loopback.
        #expect(server.waitUntil { s in s.sessions.count == 2 && s.sessions.values.allSatisfy { $0.peer == "127.0.0.1" } })
        withExtendedLifetime(alice) {}
    }
}

