// The log's own thread: a reader that stops reading never stops the one who logs; what does not
// fit is counted and reported, and nothing arrives out of order.
import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing
@testable import SwarmServer

@Suite struct LogWriterTests {
    /// A pipe whose ends the test closes; reads wait at most `seconds` for data.
    final class LogPipe: Sendable {
        let read: Int32
        let write: Int32
        init() {
            var fds: [Int32] = [0, 0]
            precondition(pipe(&fds) == 0)
            (read, write) = (fds[0], fds[1])
        }
        deinit { close(read); close(write) }

        func lines(until done: ([String]) -> Bool, seconds: Double = 30) -> [String] {
            var partial: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
            var lines: [String] = []
            while DispatchTime.now().uptimeNanoseconds < deadline && !done(lines) {
                var p = pollfd(fd: read, events: Int16(POLLIN), revents: 0)
                guard poll(&p, 1, 100) > 0 else { continue }
                let n = Glibc.read(read, &buffer, buffer.count)
                guard n > 0 else { break }
                for b in buffer[..<n] {
                    if b == 0x0A {
                        lines.append(String(decoding: partial, as: UTF8.self))
                        partial.removeAll(keepingCapacity: true)
                    } else {
                        partial.append(b)
                    }
                }
            }
            return lines
        }
    }

    static func line(_ i: Int) -> String { "line \(i) " + String(repeating: "x", count: 50) }

    /// Logs from another thread, failing (rather than hanging) if the calls do not return.
    static func logAll(_ writer: LogWriter, _ count: Int) -> Bool {
        let finished = DispatchSemaphore(value: 0)
        Thread {
            for i in 0..<count { writer.write(line(i)) }
            finished.signal()
        }.start()
        return finished.wait(timeout: .now() + 30) == .success
    }

    @Test func aReaderThatStopsReading_NeverBlocksTheLogger_AndDropsAreCountedInOrder() throws {
        let pipe = LogPipe()
        let writer = LogWriter(fd: pipe.write, limit: 8192)
        // 3,000 lines of 60 bytes: far more than the pipe (64 KiB) and the queue (8 KiB) hold.
        #expect(Self.logAll(writer, 3000), "a log call waited for the reader")
        #expect(writer.pending < 8192)
        func numbers(_ lines: [String]) -> [Int] {
            lines.compactMap { l in l.hasPrefix("line ") ? Int(l.split(separator: " ")[1]) : nil }
        }
        func notices(_ lines: [String]) -> [String] {
            lines.filter { $0.contains("msg=\"log lines dropped: the log's reader fell behind\"") }
        }
        func dropped(_ lines: [String]) -> Int {
            notices(lines).compactMap { $0.split(separator: "lines=").last.flatMap { Int($0) } }.reduce(0, +)
        }
        // Read until every line is accounted for, written or counted as dropped.
        let lines = pipe.lines(until: { numbers($0).count + dropped($0) >= 3000 })
        let (numbers, notices, dropped) = (numbers(lines), notices(lines), dropped(lines))
        #expect(!notices.isEmpty)
        #expect(notices.allSatisfy { $0.hasPrefix("ts=") && $0.contains(" level=warn ") })
        #expect(numbers.first == 0)
        #expect(zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 }, "lines out of order")
        #expect(numbers.count + dropped == 3000, "\(numbers.count) written, \(dropped) counted as dropped")
        #expect(dropped > 0)
        #expect(writer.droppedTotal == dropped)
    }

    @Test func flush_ReturnsOnceEveryLineIsWritten() throws {
        let pipe = LogPipe()
        let writer = LogWriter(fd: pipe.write)
        let reader = DispatchQueue(label: "reader")
        let got = Mutex<[String]>([])
        let done = DispatchSemaphore(value: 0)
        reader.async {
            let lines = pipe.lines(until: { $0.count == 200 })
            got.withLock { $0 = lines }
            done.signal()
        }
        for i in 0..<200 { writer.write(Self.line(i)) }
        #expect(writer.flush(seconds: 30))
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(got.withLock { $0 } == (0..<200).map(Self.line))
    }

    /// A stderr left non-blocking by whoever started the server loses nothing: the writer waits
    /// on it instead of giving up at EAGAIN.
    @Test func aNonBlockingStderr_StillGetsEveryLine() throws {
        let pipe = LogPipe()
        #expect(fcntl(pipe.write, F_SETFL, fcntl(pipe.write, F_GETFL) | O_NONBLOCK) == 0)
        let writer = LogWriter(fd: pipe.write)
        #expect(Self.logAll(writer, 2000))  // 120 KB: more than the pipe holds before it is read
        let lines = pipe.lines(until: { $0.count == 2000 })
        #expect(lines == (0..<2000).map(Self.line))
    }

    /// At exit a reader that never reads must not keep the process: flush gives up at its
    /// deadline.
    @Test func flush_GivesUpAtItsDeadline_WhenNobodyReads() throws {
        let pipe = LogPipe()
        let writer = LogWriter(fd: pipe.write, limit: 8 << 20)
        #expect(Self.logAll(writer, 40_000))  // 2.4 MB: more than any pipe holds
        #expect(!writer.flush(seconds: 0.2))
        // Read it all, so the writer is not left blocked on the pipe when it closes.
        _ = pipe.lines(until: { $0.last == Self.line(39_999) })
        #expect(writer.flush(seconds: 30))
    }
}
