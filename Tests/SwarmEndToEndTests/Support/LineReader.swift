// Lines from a child process's pipe, with deadlines: poll(2) on the pipe's fd, never a blocking
// read that could hang a test.
import Foundation
import Glibc

final class LineReader {
    let fd: Int32
    private var pending: [UInt8] = []
    private(set) var lines: [String] = []
    private var cursor = 0

    init(_ pipe: Pipe) { fd = pipe.fileHandleForReading.fileDescriptor }

    /// The next line (without CR LF) within `timeout` seconds; nil on timeout or EOF.
    func next(timeout: Double = 10) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while cursor >= lines.count {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(max(1, left * 1000))) > 0 else { return nil }
            var buf = [UInt8](repeating: 0, count: 16_384)
            let n = read(fd, &buf, buf.count)
            guard n > 0 else { return nil }
            pending += buf[0..<n]
            while let nl = pending.firstIndex(of: 0x0A) {
                var line = Array(pending[..<nl])
                if line.last == 0x0D { line.removeLast() }
                lines.append(String(decoding: line, as: UTF8.self))
                pending.removeFirst(nl + 1)
            }
        }
        defer { cursor += 1 }
        return lines[cursor]
    }

    /// Reads until a line satisfies `match`; nil if none comes in time.
    func until(timeout: Double = 10, _ match: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while let line = next(timeout: max(0.01, deadline.timeIntervalSinceNow)) {
            if match(line) { return line }
        }
        return nil
    }
}
