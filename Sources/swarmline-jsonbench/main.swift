// FastJSON against Foundation's JSONEncoder/JSONDecoder (Scripts/bench-json): the board the
// snapshot benchmark builds, the snapshot file itself, and journal records one at a time.
//   swarmline-jsonbench [TICKETS] [COMMENTS] [RUNS]     (defaults 100000 1000000 3)
// Times are medians over RUNS. Codec times are this thread's CPU time (steadier than the wall
// clock on a shared machine); the snapshot load uses every core, so it is given in wall time.
import Dispatch
import Foundation
import Glibc
import SwarmDomain
import SwarmServer

func say(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }

func cpuNow() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func wallNow() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Median of `runs` timings of `body` in milliseconds, on the given clock.
func median(_ runs: Int, clock: () -> UInt64 = cpuNow, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let t0 = clock()
        try body()
        times.append(Double(clock() - t0) / 1e6)
    }
    return times.sorted()[runs / 2]
}

let args = CommandLine.arguments
let ticketCount = args.count > 1 ? Int(args[1]) ?? 100_000 : 100_000
let commentCount = args.count > 2 ? Int(args[2]) ?? 1_000_000 : 1_000_000
let runs = args.count > 3 ? max(1, Int(args[3]) ?? 3) : 3

var board = Board()
var at = Timestamp(seconds: 1_795_000_000)
for i in 0..<ticketCount {
    _ = try board.apply(.open(priority: .p2, title: "ticket \(i): printer on floor \(i % 7) is jammed"), by: "agent\(i % 50)", at: at)
}
for i in 0..<commentCount {
    at = at + Span(millis: 1)
    _ = try board.apply(.comment(ticket: TicketID(1 + i % ticketCount), text: "comment \(i): rebooted it, still failing"), by: "agent\(i % 50)", at: at)
}
say("board: \(ticketCount) tickets, \(commentCount) comments; medians of \(runs) runs")

// The same JSON text for both (no snapshot folding), sorted keys like the old snapshot writer.
let foundationEncoder = JSONEncoder()
foundationEncoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
let fast = FastJSONEncoder(keyOrder: .sorted)
var fastBytes: [UInt8] = []
var foundationData = Data()
let fastEncode = try median(runs) { fastBytes = try fast.encode(board) }
let foundationEncode = try median(runs) { foundationData = try foundationEncoder.encode(board) }
let mb = Double(fastBytes.count) / 1e6
say(String(format: "encode board (%.1f MB JSON), CPU: FastJSON %.0f ms (%.0f MB/s), Foundation %.0f ms (%.0f MB/s): %.1fx",
           mb, fastEncode, mb / fastEncode * 1000, foundationEncode, Double(foundationData.count) / 1e3 / foundationEncode,
           foundationEncode / fastEncode))
var decoded = Board()
let fastDecode = try median(runs) { decoded = try FastJSONDecoder().decode(Board.self, from: fastBytes) }
precondition(decoded == board, "FastJSON decoded a different board")
let foundationDecode = try median(runs) { decoded = try JSONDecoder().decode(Board.self, from: foundationData) }
precondition(decoded == board, "Foundation decoded a different board")
say(String(format: "decode board, CPU: FastJSON %.0f ms (%.0f MB/s), Foundation %.0f ms (%.0f MB/s): %.1fx",
           fastDecode, mb / fastDecode * 1000, foundationDecode, Double(foundationData.count) / 1e3 / foundationDecode,
           foundationDecode / fastDecode))

var snapshot: [UInt8] = []
let snapshotEncode = try median(runs) { snapshot = try SnapshotFile.encode(board, seq: 1) }
let snapshotLoad = try median(runs, clock: wallNow) { decoded = try SnapshotFile.decode(snapshot, file: "board.json").board }
precondition(decoded == board, "the snapshot decoded a different board")
say(String(format: "snapshot file (format %d, %.1f MB): encode %.0f ms CPU; checksum + parse + decode %.0f ms wall (%d cores)",
           SnapshotFile.format, Double(snapshot.count) / 1e6, snapshotEncode, snapshotLoad, ProcessInfo.processInfo.activeProcessorCount))

// The server's path: the board written as a data folder's snapshot, encoded straight into the file.
let folder = NSTemporaryDirectory() + "swarmline-jsonbench-\(getpid())"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }
var walls: [Double] = []
let snapshotWrite = try median(runs) {
    let t0 = wallNow()
    _ = try SnapshotFile.write(board, seq: 1, in: folder, files: PosixFileLayer())
    walls.append(Double(wallNow() - t0) / 1e6)
}
say(String(format: "snapshot written to a data folder: %.0f ms CPU, %.0f ms wall", snapshotWrite, walls.sorted()[runs / 2]))

// Small values: journal records one at a time, as the journal writes and replays them.
let records = (0..<100_000).map { i in
    JournalRecord(seq: UInt64(i + 1), at: Timestamp(millis: 1_795_000_000_000 + Int64(i)), agent: "agent\(i % 50)",
                  mutation: i % 3 == 0 ? .comment(ticket: TicketID(1 + i % 1000), text: "comment \(i): rebooted it, still failing")
                      : i % 3 == 1 ? .claim(ticket: TicketID(1 + i % 1000), force: nil)
                      : .tag(ticket: TicketID(1 + i % 1000), add: ["vpn", "berlin"], remove: []))
}
var fastLines: [[UInt8]] = []
var foundationLines: [Data] = []
let fastSmall = try median(runs) { fastLines = try records.map { try fast.encode($0) } }
let foundationSmall = try median(runs) { foundationLines = try records.map { try foundationEncoder.encode($0) } }
say(String(format: "encode 100,000 journal records one by one, CPU: FastJSON %.2f µs each, Foundation %.2f µs each: %.1fx",
           fastSmall / 100, foundationSmall / 100, foundationSmall / fastSmall))
var back: [JournalRecord] = []
let fastSmallDecode = try median(runs) { back = try fastLines.map { try FastJSONDecoder().decode(JournalRecord.self, from: $0) } }
precondition(back == records)
let foundationSmallDecode = try median(runs) { back = try foundationLines.map { try JSONDecoder().decode(JournalRecord.self, from: $0) } }
precondition(back == records)
say(String(format: "decode 100,000 journal records one by one, CPU: FastJSON %.2f µs each, Foundation %.2f µs each: %.1fx",
           fastSmallDecode / 100, foundationSmallDecode / 100, foundationSmallDecode / fastSmallDecode))
