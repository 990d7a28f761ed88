// Log lines leave the process on a thread of their own. Written by the event loop itself, a line
// waited for stderr's reader, and when that reader stalled (journald under load, a pipe nobody
// reads) every client stalled with it: a live fuzz that filled an unread stderr pipe with failed
// logins froze the server until it was killed. Lines now queue here, up to a bound; past it they
// are counted and dropped, and the count is logged as soon as the writer catches up.
import Dispatch
import Foundation
import Glibc
import Synchronization

final class LogWriter: Sendable {
    /// Where `Log.stderr` sends its lines.
    static let standardError = LogWriter(fd: 2)

    struct Queue {
        var bytes: [UInt8] = []
        var dropped = 0
        /// Dropped since the start (`swarmline_log_lines_dropped_total`).
        var droppedTotal = 0
        /// A batch taken off the queue and not yet written.
        var writing = false
    }

    let fd: Int32
    /// Bytes that may wait at once; more are dropped until the writer catches up.
    let limit: Int
    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)

    init(fd: Int32, limit: Int = 4 << 20) {
        self.fd = fd
        self.limit = limit
        let thread = Thread { [self] in
            ThreadName.set("swarmline-log")
            run()
        }
        thread.start()
    }

    /// Queues one line (without its line feed); never waits for the reader. Only a line that
    /// finds the writer idle wakes it, and the writer gathers a millisecond's lines into one
    /// write(2): woken for every line, it made 10,000 logins 16 % slower than writing on the
    /// loop (`swarmline-bench --scenario idle`, median of 5 interleaved runs).
    func write(_ line: String) {
        let idle = queue.withLock { q in
            let idle = !q.writing && q.bytes.isEmpty && q.dropped == 0
            if q.bytes.count + line.utf8.count < limit {
                q.bytes.append(contentsOf: line.utf8)
                q.bytes.append(0x0A)
            } else {
                q.dropped += 1
                q.droppedTotal += 1
            }
            return idle
        }
        if idle { wake.signal() }
    }

    /// Bytes waiting now (tests).
    var pending: Int { queue.withLock { $0.bytes.count } }
    var droppedTotal: Int { queue.withLock { $0.droppedTotal } }

    /// Waits until everything queued is written, at most `seconds`; false if the reader did not
    /// take it all in time (at exit: a stalled reader must not keep the process alive).
    func flush(seconds: Double) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while DispatchTime.now().uptimeNanoseconds < deadline {
            if queue.withLock({ $0.bytes.isEmpty && !$0.writing && $0.dropped == 0 }) { return true }
            usleep(1_000)
        }
        return false
    }

    private func run() {
        while true {
            wake.wait()
            // Whatever else arrives within a millisecond goes out in the same write.
            usleep(1_000)
            while let (taken, dropped) = takeBatch() {
                var batch = taken
                if dropped > 0 {
                    batch += Array(("ts=\(TimeText.iso(SystemClock().now())) level=warn msg=\"log lines dropped: the log's "
                                    + "reader fell behind\" lines=\(dropped)\n").utf8)
                }
                writeAll(batch)
            }
        }
    }

    /// The queued lines, or nil (and the writer marked idle, to be woken by the next line)
    /// when there are none.
    private func takeBatch() -> ([UInt8], Int)? {
        queue.withLock { q in
            guard !q.bytes.isEmpty || q.dropped > 0 else {
                q.writing = false
                return nil
            }
            defer { (q.bytes, q.dropped) = ([], 0) }
            q.writing = true
            return (q.bytes, q.dropped)
        }
    }

    /// One write(2) per batch where the reader takes it; lines never interleave with another
    /// writer's because this thread is the only one.
    private func writeAll(_ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {  // a stderr left non-blocking by whoever started us: wait here
                    var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&p, 1, 1000)
                    continue
                }
                return  // stderr closed or gone: nothing to tell, nowhere to tell it
            }
            done += n
        }
    }
}
