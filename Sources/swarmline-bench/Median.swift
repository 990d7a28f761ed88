// Timing for the bench subcommands that call domain code directly (bot, board).
import Dispatch

/// The median wall time of `runs` calls of `body`, in milliseconds.
func medianMillis(runs: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return times.sorted()[times.count / 2]
}
