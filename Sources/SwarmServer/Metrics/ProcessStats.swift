// The process basics Prometheus expects (process_*), read from /proc and getrusage at scrape
// time. /proc reads are served from kernel memory and never wait on a disk, so they are fine on
// the loop thread.
import Glibc

struct ProcessStats {
    var residentBytes: Int?
    var virtualBytes: Int?
    var cpuSeconds: Double
    var openFDs: Int?
    var maxFDs: Int?

    static func read() -> ProcessStats {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        // statm: size resident shared text lib data dt, in pages.
        let statm = readSmallFile("/proc/self/statm").map { $0.split(separator: " ").compactMap { Int($0) } }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        var limit = rlimit()
        let maxFDs = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 ? Int(limit.rlim_cur) : nil
        return ProcessStats(residentBytes: statm.flatMap { $0.count > 1 ? $0[1] * page : nil },
                            virtualBytes: statm.flatMap { $0.first.map { $0 * page } },
                            cpuSeconds: cpu, openFDs: countOpenFDs(), maxFDs: maxFDs)
    }

    /// A /proc file is read in one read(2); these are a few dozen bytes.
    static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 512)
        let n = Glibc.read(fd, &buf, buf.count)
        guard n > 0 else { return nil }
        return String(decoding: buf[0..<n], as: UTF8.self).withoutNewlines
    }

    static func countOpenFDs() -> Int? {
        guard let d = opendir("/proc/self/fd") else { return nil }
        defer { closedir(d) }
        var n = 0
        while readdir(d) != nil { n += 1 }
        // ".", ".." and the descriptor opendir itself holds.
        return max(0, n - 3)
    }
}

extension String {
    var withoutNewlines: String {
        var s = Substring(self)
        while s.last == "\n" { s = s.dropLast() }
        return String(s)
    }
}
