// Thousands of agents need thousands of descriptors: raise the soft limit to the hard one.
import Glibc

public enum FileLimit {
    /// Raises RLIMIT_NOFILE's soft limit as far as allowed; returns the limit now in force.
    @discardableResult
    public static func raise() -> Int {
        var r = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &r) == 0 else { return -1 }
        if r.rlim_cur < r.rlim_max {
            var wanted = r
            wanted.rlim_cur = r.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &wanted) == 0 { r = wanted }
        }
        return Int(r.rlim_cur)
    }
}
