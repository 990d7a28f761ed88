// Termination signals arrive as readable events on a signalfd in the epoll set, so a handler
// never runs in the middle of the loop's work.
import CLinux
import Glibc

public enum Signals {
    /// Blocks SIGINT, SIGTERM and SIGHUP and returns a signalfd reading them. Call it first in
    /// main, before any thread exists: threads inherit the mask, so no thread dies of a signal.
    public static func takeOver() -> Int32? {
        signal(SIGPIPE, SIG_IGN)
        let fd = clinux_termination_signalfd()
        return fd >= 0 ? fd : nil
    }
}
