// Checking a secret against a crypt(3) hash with the system's libcrypt, and comparing bytes in
// constant time. Swift's String == uses canonical equivalence and stops at the first difference:
// never use it for anything derived from a secret.
import CLinux

public enum Secret {
    /// A real SHA-512 hash of a random string nobody knows: unknown names are checked against it,
    /// so a refusal takes as long whether or not the name exists.
    static let decoyHash = "$6$5EOkDnD3Xcub2Y9G$S77QjtMiQsxmTlgdXdiuOGGhTC0Ew7OPsiyTJkip0FB38YmC89oilGyxw1hZeHxXxtsIrcd.2iF0rtDhiq7Qu0"

    /// Whether `secret` hashes to `hash` (crypt form, e.g. `$y$j9T$…`). False for a hash this
    /// system's libcrypt cannot compute.
    public static func verify(_ secret: String, hash: String) -> Bool {
        // C strings end at NUL: "secret\0anything" must not pass as "secret".
        guard !secret.utf8.contains(0) else { return false }
        guard let computed = crypt(secret, setting: hash) else { return false }
        return constantTimeEquals(Array(computed.utf8), Array(hash.utf8))
    }

    /// crypt(3) itself: the hash of `phrase` under `setting` (a hash or a `$id$salt` prefix).
    public static func crypt(_ phrase: String, setting: String) -> String? {
        var out = [CChar](repeating: 0, count: 512)
        let n = phrase.withCString { p in setting.withCString { s in clinux_crypt(p, s, &out, Int32(out.count)) } }
        defer { for i in out.indices { out[i] = 0 } }
        guard n > 0 else { return nil }
        return String(decoding: out.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Compares every byte of the longer input whatever the differences: the time depends on
    /// the lengths only.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff: UInt8 = a.count == b.count ? 0 : 1
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            diff |= x ^ y
        }
        return diff == 0
    }
}
