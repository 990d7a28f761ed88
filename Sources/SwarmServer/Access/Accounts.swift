// The --accounts file: who may log in, with which role, checked against a crypt(3) hash.
// Secrets live only in the /hello line being handled; hashes only here. Neither is ever logged,
// shown, journaled or snapshotted.
import Foundation
import SwarmDomain

public struct Account: Sendable, Equatable {
    public let name: String
    public let role: Role
    /// crypt(3) form: `$y$…` (yescrypt), `$6$…` (SHA-512), … Never leaves this type's users.
    let hash: String
}

public struct AccountsError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ d: String) { description = d }
}

public struct Accounts: Sendable {
    public let path: String
    private let byName: [String: Account]

    public var count: Int { byName.count }
    public var names: [String] { byName.keys.sorted() }

    public func account(_ name: String) -> Account? { byName[name] }

    /// Hash methods libxcrypt verifies that are worth trusting, with the length of the digest
    /// after the last `$` and how many `$`-separated parts a whole hash has (SHA-crypt may add
    /// `rounds=N`). MD5 (`$1$`) and DES are refused.
    static let methods: [(prefix: String, digest: Int, parts: ClosedRange<Int>)] = [
        ("$y$", 43, 5...5), ("$gy$", 43, 5...5), ("$7$", 43, 4...4), ("$2b$", 53, 4...4), ("$2y$", 53, 4...4),
        ("$6$", 86, 4...5), ("$5$", 43, 4...5),
    ]

    /// A whole crypt(3) hash of an accepted method: `$6$abc` (a salt without its digest) would
    /// load and then refuse every secret, locking its owner out without a word.
    static func isWellFormed(_ hash: String) -> Bool {
        guard let m = methods.first(where: { hash.hasPrefix($0.prefix) }) else { return false }
        let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
        guard m.parts.contains(parts.count), parts.dropFirst().dropLast().allSatisfy({ !$0.isEmpty }),
              let digest = parts.last, digest.utf8.count == m.digest else { return false }
        return digest.utf8.allSatisfy { c in
            c == UInt8(ascii: ".") || c == UInt8(ascii: "/") || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        }
    }

    private struct Entry: Decodable {
        let name: String
        let role: String
        let hash: String
    }

    public init(accounts: [Account], path: String = "-") {
        self.path = path
        self.byName = Dictionary(accounts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Reads and checks the whole file; any bad entry refuses the file (naming the entry, never
    /// its hash), so a typo cannot silently lock someone out or let someone in.
    public static func load(path: String) throws(AccountsError) -> Accounts {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw AccountsError("cannot read accounts file \(path): \(error.localizedDescription)")
        }
        let entries: [Entry]
        do { entries = try JSONDecoder().decode([Entry].self, from: data) } catch {
            throw AccountsError("accounts file \(path) is not a JSON list of {\"name\", \"role\", \"hash\"} objects")
        }
        var accounts: [Account] = []
        var seen = Set<String>()
        for (i, e) in entries.enumerated() {
            let at = "accounts file \(path) entry \(i + 1)"
            guard AgentName.isValid(e.name[...]), e.name.lowercased() != AgentName.bot else {
                throw AccountsError("\(at): name must be 1–32 letters, digits, '-', '_' or '.' (and not \(AgentName.bot))")
            }
            guard let role = Role(rawValue: e.role) else {
                throw AccountsError("\(at) (\(e.name)): role must be observer, agent or lead")
            }
            guard isWellFormed(e.hash) else {
                throw AccountsError("\(at) (\(e.name)): hash must be a whole crypt(3) hash: yescrypt ($y$, $gy$), scrypt ($7$), bcrypt ($2b$, $2y$), SHA-512 ($6$) or SHA-256 ($5$); make one with `mkpasswd -m yescrypt` or `openssl passwd -6`")
            }
            // Names differ by more than case: `Bob` next to `bob` is one person to a reader.
            guard seen.insert(e.name.lowercased()).inserted else {
                throw AccountsError("\(at): \(e.name) appears twice (names are compared without regard to case)")
            }
            accounts.append(Account(name: e.name, role: role, hash: e.hash))
        }
        return Accounts(accounts: accounts, path: path)
    }
}
