// Runs the chosen scenarios in order and prints one table. Each run gets a fresh server (as
// swarmload's suite does: no RSS baseline or cache carries over), unless --host/--port targets one.
import Foundation
import Glibc
import SwarmServer

public final class Bench {
    public let options: BenchOptions
    let server: ServerChoice
    let serverNote: String
    private let progress: @Sendable (String) -> Void
    private var runs = 0
    /// Folders of in-process servers left running, removed when the report is out.
    var leftovers: [String] = []

    public init(_ options: BenchOptions, progress: @escaping @Sendable (String) -> Void = Bench.stderr) {
        self.options = options
        self.progress = progress
        if let chosen = options.server {
            server = chosen
        } else if let path = TargetServer.siblingBinary() {
            server = .binary(path: path)
        } else {
            server = .inProcess
        }
        switch server {
        case .binary(let path): serverNote = "release binary \(path), fresh for each run, temporary data folder"
        case .inProcess: serverNote = "in this process (ServerHandle), fresh for each run, temporary data folder"
        case .external(let host, let port, let given):
            let pid = given ?? ProcessStats.listeningProcess(port: port)
            serverNote = "already running at \(host):\(port)"
                + (pid.map { " (pid \($0)\(given == nil ? ", found by its listening socket" : ""))" }
                   ?? " (pid unknown, no --server-pid: no CPU or RSS figures)")
        }
    }

    public static let stderr: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(("swarmline-bench: " + line + "\n").utf8))
    }

    func say(_ line: String) { progress(line) }

    var isInProcessServer: Bool {
        if case .inProcess = server { return true }
        return false
    }

    public func run() throws -> [ScenarioResult] {
        let limit = FileLimit.raise()
        say("server: \(serverNote); descriptor limit \(limit)")
        var rows: [ScenarioResult] = []
        let s = options.sizes
        var maxRate: [String: Double] = [:]
        for scenario in options.scenarios {
            switch scenario {
            case .idle: rows.append(try IdleScenario.run(self))
            case .fanAMax, .fanBMax, .fanARate, .fanBRate:
                let (name, size) = scenario == .fanAMax || scenario == .fanARate ? ("fanA", s.fanA) : ("fanB", s.fanB)
                var rate: Double?
                if scenario == .fanARate || scenario == .fanBRate {
                    // Half of the maximum, which needs the -max row first unless --rate says.
                    if options.rate == nil && maxRate[name] == nil {
                        let m = try FanoutScenario.runOnce(self, name: "\(name)-max", size: size, rate: nil)
                        rows.append(m)
                        maxRate[name] = m.inPerSecond ?? 0
                    }
                    rate = options.rate ?? maxRate[name]! / 2
                    guard rate! > 0 else { continue }
                }
                let row = try FanoutScenario.runOnce(self, name: scenario.rawValue, size: size, rate: rate)
                if rate == nil { maxRate[name] = row.inPerSecond ?? 0 }
                rows.append(row)
            case .rr1: rows.append(try RequestScenario.run(self, depth: 1, perConnection: s.rrDepth1PerConnection))
            case .rr16: rows.append(try RequestScenario.run(self, depth: 16, perConnection: s.rrDepth16PerConnection))
            case .snapshot: rows.append(try SnapshotScenario.run(self))
            }
        }
        return rows
    }

    /// A fresh server for one run (or the running one).
    func startServer(settings: ServerSettings? = nil, root: String? = nil) throws -> TargetServer {
        try TargetServer.start(server, settings: settings ?? options.settings, root: root)
    }

    /// Nicknames unique per run, so a server still closing the last run's agents never sees a clash.
    func nickPrefix(_ tag: String) -> String {
        runs += 1
        return "b\(getpid() % 1000)\(tag)\(runs)x"
    }

    /// Server CPU over a phase: for an in-process server, the process minus the load generator.
    func serverCPU(_ target: TargetServer, from c0: Double?, benchSeconds: Double) -> Double? {
        guard let c0, let c1 = target.cpuSeconds() else { return nil }
        return target.isInProcess ? max(c1 - c0 - benchSeconds, 0) : c1 - c0
    }

    /// The whole report: the table, its notes, the conditions; JSON lines after it with --json.
    public func report(_ rows: [ScenarioResult], loadBefore: String) -> String {
        var out = [ResultTable.render(rows), ""]
        let notes = ResultTable.notes(rows)
        if !notes.isEmpty { out += [notes, ""] }
        out.append("server: \(serverNote)")
        if case .external = server {} else { out.append("server flags: \(options.settings.summary)") }
        out.append("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; load average \(loadBefore) before, \(ProcessStats.loadAverage()) after")
        out.append("latency: receive time − (scheduled) send time, CLOCK_MONOTONIC in the bench; stall: longest gap between two arrivals at one client while the snapshot ran")
        if options.json { out += [""] + rows.map(\.jsonLine) }
        return out.joined(separator: "\n")
    }

    /// The executable's whole job; returns the exit status.
    public static func main(_ args: [String]) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let options: BenchOptions
        do {
            guard let parsed = try BenchOptions.parse(args) else { print(BenchOptions.usage); return 0 }
            options = parsed
        } catch {
            FileHandle.standardError.write(Data("swarmline-bench: \(error)\n\n\(BenchOptions.usage)\n".utf8))
            return 2
        }
        let bench = Bench(options)
        let loadBefore = ProcessStats.loadAverage()
        defer { for folder in bench.leftovers { try? FileManager.default.removeItem(atPath: folder) } }
        do {
            let rows = try bench.run()
            print(bench.report(rows, loadBefore: loadBefore))
            return rows.allSatisfy { $0.complete || $0.skipped } ? 0 : 1
        } catch {
            FileHandle.standardError.write(Data("swarmline-bench: \(error)\n".utf8))
            return 1
        }
    }
}
