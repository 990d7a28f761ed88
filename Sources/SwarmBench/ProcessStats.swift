// What the benchmark reads from the kernel: the monotonic clock, CPU seconds and resident memory of
// a process (/proc/PID/stat, /proc/PID/status), the load average, a listening socket's process.
import Foundation
import Glibc

enum Clock {
    /// CLOCK_MONOTONIC in nanoseconds: the one clock for send stamps, receive times and windows.
    @inline(__always)
    static func nanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// CPU seconds used so far by the calling thread (the load generator's own cost).
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func seconds(_ from: UInt64, _ to: UInt64) -> Double {
        to > from ? Double(to - from) / 1e9 : 0
    }
}

public enum ProcessStats {
    /// utime + stime of every thread of `pid`, in seconds; nil when the process is gone.
    public static func cpuSeconds(pid: Int32) -> Double? {
        guard let text = read("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        // Fields after "(comm)" start at field 3 (state); utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// VmRSS of `pid` in KiB (user-space memory only: kernel socket buffers are not in it).
    public static func rssKiB(pid: Int32) -> Int? { status("VmRSS:", pid: pid) }

    /// VmHWM of `pid` in KiB: the most it was resident since it started or since `resetPeakRSS`.
    public static func peakRSSKiB(pid: Int32) -> Int? { status("VmHWM:", pid: pid) }

    /// Starts the peak over from the present size (/proc/PID/clear_refs, "5"); false if refused.
    public static func resetPeakRSS(pid: Int32) -> Bool {
        let fd = open("/proc/\(pid)/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return Glibc.write(fd, "5", 1) == 1
    }

    private static func status(_ key: String, pid: Int32) -> Int? {
        guard let text = read("/proc/\(pid)/status") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            return Int(line.dropFirst(key.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }

    /// The process listening on TCP `port` (for --host/--port without --server-pid): the socket's
    /// inode from /proc/net/tcp, then the process holding it. nil when it cannot be seen.
    public static func listeningProcess(port: Int) -> Int32? {
        var inodes: Set<String> = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            for line in (read(table) ?? "").split(separator: "\n").dropFirst() {
                let f = line.split(separator: " ")
                // local_address is ADDR:PORT in hex; st 0A is LISTEN; field 9 is the inode.
                guard f.count > 9, f[3] == "0A", let colon = f[1].lastIndex(of: ":"),
                      Int(f[1][f[1].index(after: colon)...], radix: 16) == port else { continue }
                inodes.insert(String(f[9]))
            }
        }
        guard !inodes.isEmpty, let procs = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for p in procs {
            guard let pid = Int32(p), let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(p)/fd") else { continue }
            for fd in fds {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(p)/fd/\(fd)"),
                      target.hasPrefix("socket:[") else { continue }
                if inodes.contains(String(target.dropFirst(8).dropLast())) { return pid }
            }
        }
        return nil
    }

    /// "0.52 0.61 0.70": the 1, 5 and 15 minute load averages.
    public static func loadAverage() -> String {
        guard let text = read("/proc/loadavg") else { return "?" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
