// swarmline-bench: the benchmark of issue 7 (Scripts/bench). Everything is in the SwarmBench
// library, so that the smoke test runs the same code; `--help` lists the options.
import Glibc
import SwarmBench

exit(Bench.main(Array(CommandLine.arguments.dropFirst())))
