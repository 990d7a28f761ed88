// Waiting on a condition with a generous deadline, never on a fixed sleep.
import Foundation

/// Polls `condition` every 5 ms until it holds (true) or `deadline` seconds pass (its last value).
func waitFor(_ deadline: Double = 10, _ condition: () -> Bool) -> Bool {
    let end = Date().addingTimeInterval(deadline)
    while Date() < end {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}
