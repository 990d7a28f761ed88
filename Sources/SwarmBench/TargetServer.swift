// The server under test: the release `swarmline` binary started with a temporary data folder, the
// same server started in this process, or one already running (--host/--port). Whatever it is,
// the scenarios read its CPU time and resident memory through /proc and stop it the same way.
import Foundation
import Glibc
import SwarmServer

public enum ServerChoice: Sendable {
    case binary(path: String)
    case inProcess
    case external(host: String, port: Int, pid: Int32?)
}

/// The flags every server the bench starts gets: flood limits off, so the bench measures the
/// server rather than its protection (the same as swarmload's configs for the other servers).
public struct ServerSettings: Sendable {
    public var fsync = true
    public var snapshotIntervalSeconds = 30
    public var maxQueue = 64 << 20

    public init() {}

    func arguments(dataDir: String) -> [String] {
        ["--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir] + limitFlags
            + ["--snapshot-interval", "\(snapshotIntervalSeconds)s"]
    }

    var limitFlags: [String] {
        ["--line-rate", "0", "--max-connections", "0", "--max-per-ip", "0", "--max-queue", "\(maxQueue)",
         "--faq-seed", "", "--fsync", fsync ? "on" : "off"]
    }

    /// How the flags read in the report.
    public var summary: String {
        limitFlags.map { $0.isEmpty ? "''" : $0 }.joined(separator: " ")
    }

    /// The in-process server's configuration; it logs to `logFD` as the binary logs to stderr.
    func config(dataDir: String, logFD: Int32) -> Config {
        var c = Config()
        c.host = "127.0.0.1"
        c.port = 0
        c.dataDir = dataDir
        c.lineRate = 0
        c.maxConnections = 0
        c.maxPerIP = 0
        c.maxQueue = maxQueue
        c.faqSeedPath = nil
        c.fsync = fsync
        c.snapshotInterval = .seconds(Int64(snapshotIntervalSeconds))
        c.log = Log(level: .info, sink: { line in
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(logFD, $0.baseAddress, $0.count) }
        })
        return c
    }
}

final class TargetServer {
    let host: String
    let port: Int
    /// The process whose CPU and memory are sampled: the server's, or ours when in-process.
    let pid: Int32?
    let handle: ServerHandle?
    private let process: Process?
    private let stdoutPipe: Pipe?
    private let logFD: Int32
    /// The temporary folder holding data/ and server.log, removed by `stop()`.
    let root: String?
    let startupSeconds: Double
    private var logOffset: UInt64 = 0
    var isInProcess: Bool { handle != nil }

    private init(host: String, port: Int, pid: Int32?, handle: ServerHandle? = nil, process: Process? = nil,
                 pipe: Pipe? = nil, logFD: Int32 = -1, root: String?, startupSeconds: Double) {
        self.host = host
        self.port = port
        self.pid = pid
        self.handle = handle
        self.process = process
        self.stdoutPipe = pipe
        self.logFD = logFD
        self.root = root
        self.startupSeconds = startupSeconds
    }

    static func temporaryRoot() throws -> String {
        let root = NSTemporaryDirectory() + "swarmline-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        return root
    }

    /// Starts (or attaches to) a server. `root` may hold a prepared data/ folder (the big board).
    static func start(_ choice: ServerChoice, settings: ServerSettings, root given: String? = nil) throws -> TargetServer {
        let t0 = Clock.nanos()
        switch choice {
        case .external(let host, let port, let pid):
            return TargetServer(host: host, port: port, pid: pid ?? ProcessStats.listeningProcess(port: port), root: nil,
                                startupSeconds: 0)
        case .inProcess:
            let root = try given ?? temporaryRoot()
            let fd = open(root + "/server.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            let handle: ServerHandle
            do {
                handle = try ServerHandle.start(settings.config(dataDir: root + "/data", logFD: fd))
            } catch {
                close(fd)
                throw error
            }
            return TargetServer(host: "127.0.0.1", port: handle.port, pid: getpid(), handle: handle, logFD: fd,
                                root: root, startupSeconds: Clock.seconds(t0, Clock.nanos()))
        case .binary(let path):
            let root = try given ?? temporaryRoot()
            let p = Process()
            p.executableURL = URL(fileURLWithPath: path)
            p.arguments = settings.arguments(dataDir: root + "/data")
            let pipe = Pipe()
            p.standardOutput = pipe
            _ = FileManager.default.createFile(atPath: root + "/server.log", contents: nil)
            p.standardError = FileHandle(forWritingAtPath: root + "/server.log")
            try p.run()
            // The binary prints "listening on HOST:PORT" once it listens (after loading the data).
            guard let line = readLine(pipe.fileHandleForReading.fileDescriptor, timeoutSeconds: 600),
                  line.hasPrefix("listening on "), let port = line.split(separator: ":").last.flatMap({ Int($0) }) else {
                p.terminate()
                let log = (try? String(contentsOfFile: root + "/server.log", encoding: .utf8)) ?? ""
                throw BenchError("\(path) did not start: \(log.suffix(500))")
            }
            return TargetServer(host: "127.0.0.1", port: port, pid: p.processIdentifier, process: p, pipe: pipe,
                                root: root, startupSeconds: Clock.seconds(t0, Clock.nanos()))
        }
    }

    private static func readLine(_ fd: Int32, timeoutSeconds: Double) -> String? {
        var bytes: [UInt8] = []
        let deadline = Clock.nanos() + UInt64(timeoutSeconds * 1e9)
        while Clock.nanos() < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 200) >= 0 else { return nil }
            if p.revents == 0 { continue }
            var byte: UInt8 = 0
            guard read(fd, &byte, 1) == 1 else { return nil }
            if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }

    /// CPU seconds of the sampled process (in-process: the whole bench process).
    func cpuSeconds() -> Double? { pid.flatMap { ProcessStats.cpuSeconds(pid: $0) } }

    func rssKiB() -> Int? { pid.flatMap { ProcessStats.rssKiB(pid: $0) } }

    /// The total_ms of "snapshot written … total_ms=N" lines logged since the last call (the log
    /// is read from where the previous call stopped: it holds a line per agent's /hello too).
    func newSnapshotsLogged() -> [Int] {
        guard let root, let file = FileHandle(forReadingAtPath: root + "/server.log") else { return [] }
        defer { try? file.close() }
        guard (try? file.seek(toOffset: logOffset)) != nil, let data = try? file.readToEnd(), !data.isEmpty else { return [] }
        // Whole lines only: a line still being written is read next time.
        guard let lastNewline = data.lastIndex(of: 0x0A) else { return [] }
        let text = String(decoding: data[data.startIndex...lastNewline], as: UTF8.self)
        logOffset += UInt64(lastNewline - data.startIndex + 1)
        return text.split(separator: "\n").filter { $0.contains("msg=\"snapshot written\"") }.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("total_ms=") }.flatMap { Int($0.dropFirst(9)) }
        }
    }

    /// Stops what we started and removes its folder. `abandon` leaves an in-process server
    /// running (its final snapshot of a big board would take as long as the benchmark); its
    /// folder is returned, to be removed at exit.
    @discardableResult
    func stop(abandon: Bool = false) -> String? {
        if let handle, !abandon {
            handle.stop()
            close(logFD)
        }
        if let p = process, p.isRunning {
            kill(p.processIdentifier, SIGTERM)
            let deadline = Clock.nanos() + 3_000_000_000
            while p.isRunning && Clock.nanos() < deadline { usleep(20_000) }
            // Past the grace period it is writing its final snapshot of a board we throw away.
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
        }
        if isInProcess && abandon { return root }
        if let root { try? FileManager.default.removeItem(atPath: root) }
        return nil
    }

    /// The `swarmline` binary next to this executable (both are built by Scripts/bench).
    static func siblingBinary() -> String? {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let path = (exe as NSString).deletingLastPathComponent + "/swarmline"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
}
