// Where tests put files and folders: under one folder per test process, removed when the
// process exits. Before this, every run left its data folders, configs and accounts files in
// /tmp (about 8,000 entries after a few hundred runs).
import Foundation
import Glibc

public enum Scratch {
    /// The process's folder, made on first use; an exit handler removes it with everything in it.
    public static let root: String = {
        let dir = NSTemporaryDirectory() + "swarmline-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.root) }
        return dir
    }()

    /// A new, unused path under `root` (nothing is created): `tag-UUID` plus `suffix`.
    public static func path(_ tag: String, suffix: String = "") -> String {
        root + "/" + tag + "-" + UUID().uuidString + suffix
    }

    /// A new, empty folder under `root`.
    public static func folder(_ tag: String) -> String {
        let dir = path(tag)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `text` to a new file under `root` and returns its path. Not atomic on purpose:
    /// Foundation's atomic write leaves a `TemporaryDirectory.*` folder behind in /tmp.
    public static func file(_ tag: String, suffix: String = "", _ text: String) throws -> String {
        let p = path(tag, suffix: suffix)
        try text.write(toFile: p, atomically: false, encoding: .utf8)
        return p
    }
}
