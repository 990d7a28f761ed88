// Persistence benchmark: builds a big board, times the snapshot write and the start-up load, then
// measures the longest event-loop turn while a snapshot is taken under a stream of comments.
//   swarmline-bench [TICKETS] [COMMENTS]     (defaults 100000 1000000)
//   swarmline-bench bot [TICKETS] [AGENTS]   swarmbot's checks instead (BotBench.swift)
import Dispatch
import Foundation
import Glibc
import Synchronization
import SwarmDomain
import SwarmServer

func ms(since t0: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6 }
func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
func say(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }

let args = CommandLine.arguments
if args.count > 1 && args[1] == "bot" {
    try BotBench.run(tickets: args.count > 2 ? Int(args[2]) ?? 10_000 : 10_000, agents: args.count > 3 ? Int(args[3]) ?? 200 : 200)
    exit(0)
}
let ticketCount = args.count > 1 ? Int(args[1]) ?? 100_000 : 100_000
let commentCount = args.count > 2 ? Int(args[2]) ?? 1_000_000 : 1_000_000
let dir = NSTemporaryDirectory() + "swarmline-bench-\(getpid())"

var t0 = now()
var board = Board()
var at = Timestamp(seconds: 1_795_000_000)
for i in 0..<ticketCount {
    _ = try board.apply(.open(priority: .p2, title: "ticket \(i): printer on floor \(i % 7) is jammed"), by: "agent\(i % 50)", at: at)
}
for i in 0..<commentCount {
    at = at + Span(millis: 1)
    _ = try board.apply(.comment(ticket: TicketID(1 + i % ticketCount), text: "comment \(i): rebooted it, still failing"), by: "agent\(i % 50)", at: at)
}
say("board: \(ticketCount) tickets, \(commentCount) comments, built in \(Int(ms(since: t0))) ms")

t0 = now()
let bytes = try SnapshotFile.encode(board, seq: UInt64(ticketCount + commentCount))
let encodeMs = ms(since: t0)
try PosixFileLayer().makeDirectory(dir)
t0 = now()
_ = try SnapshotFile.write(bytes, in: dir, files: PosixFileLayer())
let writeMs = ms(since: t0)
say(String(format: "snapshot: %.1f MB, encode %.0f ms, write+fsync+rename %.0f ms, total %.0f ms",
           Double(bytes.count) / 1e6, encodeMs, writeMs, encodeMs + writeMs))

do {
    // What the loop pays on its first change after taking the snapshot's copy: copy-on-write of
    // the tickets array (one comment appended to one ticket).
    var live = board
    let copy = board
    t0 = now()
    _ = try live.apply(.comment(ticket: TicketID(1), text: "first change after the copy"), by: "agent1", at: at)
    say(String(format: "first change after a snapshot copy (copy-on-write of %d tickets): %.1f ms", copy.ticketCount, ms(since: t0)))
}

t0 = now()
let loaded = try DataFolder.load(dir)
say(String(format: "load (read + checksum + decode): %.0f ms, equal board: %@", ms(since: t0), loaded.board == board ? "yes" : "NO"))

var config = Config()
config.port = 0
config.dataDir = dir
config.snapshotInterval = .seconds(3600)
config.log = Log(level: .warn)
t0 = now()
let server = try ServerHandle.start(config)
say(String(format: "server start-up to listening: %.0f ms", ms(since: t0)))

/// A client that keeps `window` comments in flight and counts the OKs.
final class Loader: Sendable {
    let fd: Int32
    let acked = Atomic<Int>(0)
    init(port: Int, name: String) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = in_port_t(UInt16(port).bigEndian)
        sa.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        send("/hello \(name)\n/join #1\n")
    }
    func send(_ s: String) { let b = Array(s.utf8); _ = b.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) } }
    func run(until stop: @escaping @Sendable () -> Bool) {
        var buf = [UInt8](repeating: 0, count: 65536)
        var n = 0
        while !stop() {
            var batch = ""
            for _ in 0..<20 { n += 1; batch += "/say #\(1 + n % 1000) load \(n)\n" }
            send(batch)
            var oks = 0
            while oks < 20 {
                let r = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if r <= 0 { return }
                for i in 0..<r where buf[i] == UInt8(ascii: "\n") { oks += 1 }
            }
            acked.add(20, ordering: .relaxed)
        }
    }
}

final class StopFlag: Sendable {
    private let v = Atomic<Bool>(false)
    func set() { v.store(true, ordering: .relaxed) }
    var isSet: Bool { v.load(ordering: .relaxed) }
}
let stopFlag = StopFlag()
let loaders = (0..<4).map { Loader(port: server.port, name: "load\($0)") }
let group = DispatchGroup()
for l in loaders { DispatchQueue.global().async(group: group) { l.run(until: { stopFlag.isSet }) } }
usleep(1_000_000)
server.inspect { $0.resetLongestTurn() }
usleep(1_000_000)
let baseline = server.inspect { $0.longestTurnNanos }
let ackedBefore = loaders.reduce(0) { $0 + $1.acked.load(ordering: .relaxed) }
t0 = now()
server.inspect { $0.resetLongestTurn(); $0.requestSnapshot() }
while server.inspect({ $0.lastSnapshotSeq }) <= UInt64(ticketCount + commentCount) { usleep(10_000) }
let snapMs = ms(since: t0)
let stall = server.inspect { $0.longestTurnNanos }
let ackedDuring = loaders.reduce(0) { $0 + $1.acked.load(ordering: .relaxed) } - ackedBefore
stopFlag.set()
group.wait()
say(String(format: "under load (4 clients, 20 comments in flight each): snapshot took %.0f ms; longest loop turn %.1f ms during it (%.1f ms in the second before); %d comments acknowledged meanwhile",
           snapMs, Double(stall) / 1e6, Double(baseline) / 1e6, ackedDuring))
server.stop()
try? FileManager.default.removeItem(atPath: dir)
