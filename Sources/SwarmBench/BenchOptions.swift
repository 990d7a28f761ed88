// The command line of swarmline-bench, and the sizes of each scenario (full: issue 7's; --quick:
// a smaller run for a first look; the smoke test passes toy sizes directly).
import Foundation

/// The rows of the table, in the order they run; named like swarmload's suite.
public enum Scenario: String, CaseIterable, Sendable {
    case idle
    case fanAMax = "fanA-max", fanARate = "fanA-rate", fanBMax = "fanB-max", fanBRate = "fanB-rate"
    case rr1 = "rr-50x1", rr16 = "rr-50x16"
    case snapshot

    /// `--scenario` names: a row, or a group of rows.
    static func named(_ name: String) -> [Scenario]? {
        switch name {
        case "all": return allCases
        case "fanout": return [.fanAMax, .fanARate, .fanBMax, .fanBRate]
        case "fanA": return [.fanAMax, .fanARate]
        case "fanB": return [.fanBMax, .fanBRate]
        case "rr": return [.rr1, .rr16]
        default: return Scenario(rawValue: name).map { [$0] }
        }
    }
}

public struct FanoutSize: Sendable {
    public var agents: Int
    public var rooms: Int
    /// Comments each agent posts in the window (maximum-throughput) run.
    public var perAgent: Int
    public init(agents: Int, rooms: Int, perAgent: Int) {
        self.agents = agents
        self.rooms = rooms
        self.perAgent = perAgent
    }
}

public struct BenchSizes: Sendable {
    public var idleAgents = 10_000
    public var idleRooms = 1_000
    public var idleHoldSeconds = 5.0
    /// (a) 100 rooms of 10 and (b) one room of 200, with swarmload's message counts.
    public var fanA = FanoutSize(agents: 1_000, rooms: 100, perAgent: 400)
    public var fanB = FanoutSize(agents: 200, rooms: 1, perAgent: 150)
    public var window = 8
    /// Length of the fixed-rate runs.
    public var rateSeconds = 5.0
    public var rrConnections = 50
    public var rrDepth1PerConnection = 1_000
    public var rrDepth16PerConnection = 20_000
    public var snapshotTickets = 100_000
    public var snapshotComments = 1_000_000
    /// Fan-out before the snapshot starts (the "before" window of the stall column).
    public var snapshotWarmupSeconds = 3.0
    /// Pause between "everyone joined" and the first comment, as swarmload's --settle.
    public var settleSeconds = 0.5

    public init() {}

    public static let quick: BenchSizes = {
        var s = BenchSizes()
        s.idleAgents = 2_000
        s.idleRooms = 200
        s.idleHoldSeconds = 1
        s.fanA.perAgent = 100
        s.fanB.perAgent = 40
        s.rateSeconds = 2
        s.rrDepth1PerConnection = 200
        s.rrDepth16PerConnection = 2_000
        s.snapshotTickets = 10_000
        s.snapshotComments = 100_000
        s.snapshotWarmupSeconds = 1.5
        return s
    }()
}

public struct BenchOptions: Sendable {
    public var scenarios: [Scenario] = Scenario.allCases
    public var sizes = BenchSizes()
    /// nil: the `swarmline` binary next to this one if it exists, else in-process.
    public var server: ServerChoice?
    public var settings = ServerSettings()
    /// Comments/s of the fixed-rate fan-out runs; nil: half of the maximum just measured.
    public var rate: Double?
    public var json = false

    public init() {}

    public static let usage = """
    usage: swarmline-bench [--scenario idle|fanout|rr|snapshot|all|ROW[,...]] [--quick]
                           [--host H --port P [--server-pid PID]] [--in-process] [--server-binary PATH]
                           [--fsync on|off] [--rate COMMENTS_PER_S] [--tickets T] [--comments C] [--json]
      --scenario   which scenarios (default all); a comma list or the flag repeated; fanout is
                   fanA-max,fanA-rate,fanB-max,fanB-rate (fanA, fanB: two of them), rr is
                   rr-50x1,rr-50x16; a -rate row without --rate runs its -max row first
      --quick      smaller sizes (2,000 idle agents, fewer comments, a 10k-ticket board)
      --host/--port  drive a running server instead of starting one (loopback only); its CPU and
                   memory are read from /proc for --server-pid, or the process found listening
                   on the port; the snapshot scenario needs a server the bench starts: skipped
      --in-process run the server inside this process (default: the release `swarmline` binary
                   next to this executable, with a temporary data folder, fresh for each run)
      --server-binary  start this binary instead of the one next to this executable
      --fsync      the started server's --fsync (default on: group commit)
      --rate       comments/s of the fixed-rate fan-out runs (default: half the measured maximum);
                   with the snapshot scenario, its fan-out runs at this rate instead of window 8
      --tickets/--comments  the snapshot scenario's board (default 100000 / 1000000)
      --json       also print one JSON object per row after the table
    Every server the bench starts gets: --line-rate 0 --max-connections 0 --max-per-ip 0
    --max-queue 67108864 --faq-seed '' (flood limits off).
    The old form `swarmline-bench TICKETS COMMENTS` runs the snapshot scenario on that board.
    `swarmline-bench bot [TICKETS] [AGENTS]` times swarmbot's checks instead (Scripts/bench-bot).
    """

    /// nil with `--help`.
    public static func parse(_ args: [String]) throws(BenchError) -> BenchOptions? {
        var o = BenchOptions()
        var chosen: [Scenario] = []
        var host: String?
        var port: Int?
        var pid: Int32?
        var tickets: Int?
        var comments: Int?
        var i = 0
        func value() throws(BenchError) -> String {
            i += 1
            guard i < args.count else { throw BenchError("\(args[i - 1]) needs a value") }
            return args[i]
        }
        func number(_ s: String) throws(BenchError) -> Int {
            guard let n = Int(s), n >= 0 else { throw BenchError("not a number: \(s)") }
            return n
        }
        var positional: [Int] = []
        while i < args.count {
            switch args[i] {
            case "-h", "--help": return nil
            case "--scenario":
                for name in try value().split(separator: ",") {
                    guard let s = Scenario.named(String(name)) else { throw BenchError("unknown scenario \(name)") }
                    chosen += s
                }
            case "--quick": o.sizes = .quick
            case "--host": host = try value()
            case "--port": port = try number(value())
            case "--server-pid": pid = Int32(try number(value()))
            case "--in-process": o.server = .inProcess
            case "--server-binary": o.server = .binary(path: try value())
            case "--fsync":
                let v = try value()
                guard v == "on" || v == "off" else { throw BenchError("--fsync is on or off") }
                o.settings.fsync = v == "on"
            case "--rate":
                guard let r = Double(try value()), r > 0 else { throw BenchError("--rate needs a positive number") }
                o.rate = r
            case "--tickets": tickets = try number(value())
            case "--comments": comments = try number(value())
            case "--json": o.json = true
            default:
                guard let n = Int(args[i]) else { throw BenchError("unknown argument \(args[i])") }
                positional.append(n)
            }
            i += 1
        }
        if !positional.isEmpty {
            chosen = [.snapshot]
            tickets = positional[0]
            if positional.count > 1 { comments = positional[1] }
        }
        if let tickets { o.sizes.snapshotTickets = max(tickets, 1) }
        if let comments { o.sizes.snapshotComments = comments }
        if !chosen.isEmpty { o.scenarios = Scenario.allCases.filter { chosen.contains($0) } }
        if host != nil || port != nil {
            guard let port else { throw BenchError("--host needs --port") }
            let h = host ?? "127.0.0.1"
            guard h.hasPrefix("127.") else { throw BenchError("--host must be a loopback address (127.x.x.x)") }
            o.server = .external(host: h, port: port, pid: pid)
        }
        return o
    }
}
