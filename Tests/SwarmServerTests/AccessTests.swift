// crypt(3) verification, constant-time comparison, the accounts file, and the access flags.
import Foundation
import Testing
@testable import SwarmServer
import SwarmDomain
import SwarmTestSupport

@Suite struct AccessTests {
    // `openssl passwd -6 -salt saltsaltsalt 'correct horse'`
    static let sha512 = "$6$saltsaltsalt$Cy2drr8kDRji6smvDcT28wkqtq0R0VzVL5CkrjPQCITc5d/31j94knt9rGTcVSyjLXfjsiIsBh5ee8qR/3QDx1"
    // yescrypt, as `mkpasswd -m yescrypt` makes (salt fixed for the test).
    static let yescrypt = "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$zwtVrjrUCmXcyLTs6oxLTQlzifSUkF8RHJ./tK5KU79"

    @Test(arguments: [sha512, yescrypt])
    func systemCrypt_VerifiesTheRightSecret_AndRefusesNearMisses(hash: String) {
        #expect(Secret.verify("correct horse", hash: hash))
        for wrong in ["correct horse ", "Correct horse", "correct hors", "", "correct horse\u{0}"] {
            #expect(!Secret.verify(wrong, hash: hash))
        }
    }

    @Test func hashThisLibcryptCannotCompute_NeverVerifies() {
        #expect(!Secret.verify("x", hash: "$9$nonsense$"))
        #expect(!Secret.verify("x", hash: ""))
        #expect(!Secret.verify("", hash: "*"))
    }

    @Test func constantTimeEquals_ComparesBytes_NotCanonicalEquivalence() {
        // "é" precomposed and decomposed are == as Swift Strings, but not as bytes.
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(composed == decomposed)
        #expect(!Secret.constantTimeEquals(Array(composed.utf8), Array(decomposed.utf8)))
        #expect(Secret.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!Secret.constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!Secret.constantTimeEquals([], [0]))
        #expect(Secret.constantTimeEquals([], []))
    }

    @Test func decoyHash_IsARealHashNobodyKnows() {
        #expect(Secret.crypt("anything", setting: Secret.decoyHash)?.hasPrefix("$6$5EOkDnD3Xcub2Y9G$") == true)
        #expect(!Secret.verify("", hash: Secret.decoyHash))
    }

    static func file(_ text: String) throws -> String {
        try Scratch.file("accounts", suffix: ".json", text)
    }

    @Test func accountsFile_Loads_NamesRolesAndHashes() throws {
        let path = try Self.file("""
        [{"name": "alice", "role": "lead", "hash": "\(Self.sha512)"},
         {"name": "bot.faq", "role": "agent", "hash": "\(Self.yescrypt)"},
         {"name": "watcher", "role": "observer", "hash": "\(Self.sha512)"}]
        """)
        let accounts = try Accounts.load(path: path)
        #expect(accounts.names == ["alice", "bot.faq", "watcher"])
        #expect(accounts.account("alice")?.role == .lead)
        #expect(accounts.account("watcher")?.role == .observer)
        #expect(accounts.account("Alice") == nil)
    }

    /// A well-formed SHA-512 hash that matches no secret: the entries below fail for other reasons.
    static let wellFormed = "$6$x$" + String(repeating: "y", count: 86)

    @Test(arguments: [
        ("not json", "not a JSON list"),
        (#"[{"name": "a b", "role": "lead", "hash": "W"}]"#, "entry 1: name must be"),
        (#"[{"name": "swarmbot", "role": "lead", "hash": "W"}]"#, "entry 1: name must be"),
        (#"[{"name": "al", "role": "admin", "hash": "W"}]"#, "(al): role must be"),
        (#"[{"name": "al", "role": "lead", "hash": "plaintext"}]"#, "(al): hash must be a whole crypt(3)"),
        (#"[{"name": "al", "role": "lead", "hash": "$1$md5$weak"}]"#, "(al): hash must be a whole crypt(3)"),
        (#"[{"name": "al", "role": "lead", "hash": "$6$abc"}]"#, "(al): hash must be a whole crypt(3)"),
        (#"[{"name": "al", "role": "lead", "hash": "$5$"}]"#, "(al): hash must be a whole crypt(3)"),
        (#"[{"name": "al", "role": "lead", "hash": "$y$j9T$salt$tooshort"}]"#, "(al): hash must be a whole crypt(3)"),
        (#"[{"name": "al", "role": "lead", "hash": "W"}, {"name": "al", "role": "agent", "hash": "W"}]"#, "entry 2: al appears twice"),
        (#"[{"name": "bob", "role": "agent", "hash": "W"}, {"name": "Bob", "role": "lead", "hash": "W"}]"#, "entry 2: Bob appears twice"),
    ])
    func badAccountsFile_IsRefusedWithAReason_ThatNeverShowsAHash(text: String, reason: String) throws {
        let path = try Self.file(text.replacingOccurrences(of: "\"W\"", with: "\"\(Self.wellFormed)\""))
        #expect {
            try Accounts.load(path: path)
        } throws: { error in
            let d = (error as? AccountsError)?.description ?? ""
            return d.contains(reason) && !d.contains("$x$y") && !d.contains("md5$weak") && !d.contains("plaintext")
                && !d.contains("$abc") && !d.contains("tooshort")
        }
    }

    /// One real hash of each accepted method (libxcrypt's crypt_gensalt + crypt, secret "secret"):
    /// all load, and each verifies its secret with the system's crypt(3).
    @Test(arguments: [
        "$y$j9T$0Zw2wZilmu/BH2JtRBvAz0$OR9L9kYZutPPMFnTKT3MCT3uT3V/CpECjG/gGUR5g02",
        "$gy$j9T$ts0lclL8Gy.2iZ4M3t7nV/$9lh0MPyLsYeSWSVHroPGwgzGtEF7hEFeXbVaVJUwezD",
        "$7$CU..../....ZRr2VFW8f1vnC6izuQ35t/$FkBIWsD0pOjhd83X0I26bRD3KYkEOsRJ.cXVQaUvh2B",
        "$2b$05$GFkftKnuFnbNPBhZ0ykLAeOrW0F02lYrvrn4HpE2sZNeBNZL7P.u2",
        "$2y$05$L0EamF/XzT6HxxuRHsYkfuOZob65v3Zk1u3aKShd2FMrElgBFP.3.",
        "$6$KgLbKp9GPXUA4vzt$swLbmzx4A0cV.JSV3CL7RhP8R4Y9.lkGg11iqgEitXWDNFBOKZQOwGFoSppxZSVKbykX.ez.uww.jaXEx1zb50",
        "$5$0vfe5Cem36QqGm0R$gh3oKH6YUSmJjK2zFEnjftOg2k.TSgdQhGtPj2IIdV7",
    ])
    func everyAcceptedMethod_Loads_AndVerifies(hash: String) throws {
        let path = try Self.file(#"[{"name": "al", "role": "agent", "hash": "\#(hash)"}]"#)
        #expect(try Accounts.load(path: path).count == 1)
        #expect(Secret.verify("secret", hash: hash))
        #expect(!Secret.verify("Secret", hash: hash))
    }

    @Test func missingAccountsFile_IsRefused() {
        #expect(throws: AccountsError.self) { try Accounts.load(path: "/nonexistent/accounts.json") }
    }

    @Test func openModeOnTheNetwork_NeedsOpenNetwork() throws {
        var c = Config()
        c.host = "0.0.0.0"
        #expect(throws: AccountsError.self) { try c.checkExposure() }
        c.openNetwork = true
        try c.checkExposure()
        c.openNetwork = false
        c.accountsFile = "/etc/swarmline/accounts.json"
        try c.checkExposure()
        for host in ["127.0.0.1", "::1", "localhost", "127.0.0.5"] {
            var local = Config()
            local.host = host
            try local.checkExposure()
        }
    }

    @Test func accessAndLimitFlags_Parse_AndRefuseNonsense() throws {
        let args = ["--accounts", "/tmp/a.json", "--open-network", "--max-connections", "10", "--max-per-ip=3",
                    "--hello-timeout", "30s", "--idle-timeout", "2h", "--line-rate", "0", "--max-comment", "500", "--max-rooms", "7"]
        guard case .run(let c) = try Flags.parse(args, environment: [:]) else { Issue.record("not run"); return }
        #expect(c.accountsFile == "/tmp/a.json" && c.openNetwork)
        #expect(c.maxConnections == 10 && c.maxPerIP == 3 && c.lineRate == 0 && c.maxComment == 500 && c.maxRooms == 7)
        #expect(c.helloTimeout == .seconds(30) && c.idleTimeout == .hours(2))
        guard case .run(let e) = try Flags.parse([], environment: ["SWARMLINE_OPEN_NETWORK": "1", "SWARMLINE_LINE_RATE": "5"]) else { return }
        #expect(e.openNetwork && e.lineRate == 5)
        let d = Config()
        #expect(!d.openNetwork && d.accountsFile == nil && d.helloTimeout == .seconds(60) && d.lineRate == 20)
        #expect(throws: FlagError.self) { try Flags.parse(["--hello-timeout", "soon"], environment: [:]) }
        #expect(throws: FlagError.self) { try Flags.parse(["--open-network=maybe"], environment: [:]) }
        #expect(throws: FlagError.self) { try Flags.parse(["--max-rooms", "0"], environment: [:]) }
        #expect(Flags.usage().contains("--open-network "))
    }
}
