// Names the calling thread as `top -H`, `ps -L`, `perf` and /proc/PID/task/*/comm show it, so an
// operator can tell the loop from the journal when one of them burns a core. Foundation's
// Thread.name never reached the kernel here (every thread showed as `swarmline`), and Linux
// refuses names over 15 bytes outright, so the names are short and set from inside the thread.
import CLinux

enum ThreadName {
    static func set(_ name: StaticString) {
        precondition(name.utf8CodeUnitCount <= 15, "Linux thread names are at most 15 bytes")
        _ = name.withUTF8Buffer { bytes in
            String(decoding: bytes, as: UTF8.self).withCString { clinux_set_thread_name($0) }
        }
    }
}
