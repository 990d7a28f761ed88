// swarmline-bench: the benchmark of issue 7 (Scripts/bench). Everything is in the SwarmBench
// library, so that the smoke test runs the same code; `--help` lists the options.
//   swarmline-bench bot [TICKETS] [AGENTS]   swarmbot's checks instead (BotBench.swift, Scripts/bench-bot)
//   swarmline-bench board [TICKETS]          scans of a big board instead (BoardBench.swift, Scripts/bench-board)
import Foundation
import Glibc
import SwarmBench

func say(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }

let args = Array(CommandLine.arguments.dropFirst())
if args.first == "bot" {
    try BotBench.run(tickets: args.count > 1 ? Int(args[1]) ?? 10_000 : 10_000, agents: args.count > 2 ? Int(args[2]) ?? 200 : 200)
    exit(0)
}
if args.first == "board" {
    try BoardBench.run(tickets: args.count > 1 ? Int(args[1]) ?? 100_000 : 100_000)
    exit(0)
}
exit(Bench.main(args))
