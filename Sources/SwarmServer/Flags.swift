// The command line: one table of flags drives parsing, environment variables and --help.
import SwarmDomain

public struct Flag: Sendable {
    public let name: String
    public let value: String
    public let defaultValue: String
    public let help: String
    let apply: @Sendable (inout Config, String) throws(FlagError) -> Void

    /// `--max-line` reads `SWARMLINE_MAX_LINE` from the environment.
    public var environmentVariable: String {
        "SWARMLINE_" + name.uppercased().replacingDashes
    }
}

public struct FlagError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ d: String) { description = d }
}

public enum Invocation: Sendable {
    case run(Config)
    case help(String)
    case version(String)
    /// The README's generated references (`--commands-markdown`, `--flags-markdown`).
    case reference(String)
    /// `swarmline check DIR`
    case check(String)
    /// `swarmline export DIR [--format json|markdown]`
    case export(String, DataTools.ExportFormat)
}

public enum Flags {
    public static let all: [Flag] = [
        Flag(name: "host", value: "HOST", defaultValue: "127.0.0.1", help: "address to listen on (IPv4 or IPv6 literal, or localhost)") { c, v throws(FlagError) in
            c.host = v
        },
        Flag(name: "port", value: "PORT", defaultValue: "7420", help: "TCP port; 0 takes a free one") { c, v throws(FlagError) in
            c.port = try integer(v, "port", 0...65535)
        },
        Flag(name: "data-dir", value: "DIR", defaultValue: "./swarmline-data", help: "folder for the snapshot and journal") { c, v throws(FlagError) in
            guard !v.isEmpty else { throw FlagError("--data-dir needs a folder") }
            c.dataDir = v
        },
        Flag(name: "snapshot-interval", value: "SPAN", defaultValue: "30s", help: "how often the board is snapshotted when it changed (e.g. 30s, 5m)") { c, v throws(FlagError) in
            guard let s = Span(parsing: v), s.millis >= 1000 else { throw FlagError("--snapshot-interval is a span of at least 1s, like 30s or 5m") }
            c.snapshotInterval = s
        },
        Flag(name: "fsync", value: "on|off", defaultValue: "on", help: "off skips fsync: faster, but UNSAFE: a power loss can lose acknowledged changes") { c, v throws(FlagError) in
            switch v.lowercased() {
            case "on": c.fsync = true
            case "off": c.fsync = false
            default: throw FlagError("--fsync is on or off")
            }
        },
        Flag(name: "journal-prealloc", value: "BYTES", defaultValue: "1048576", help: "zero-fill the journal this far ahead of its records, so a batch's fsync flushes only its own blocks (0: off; pointless on copy-on-write file systems)") { c, v throws(FlagError) in
            c.journalPreallocation = try integer(v, "journal-prealloc", 0...(1 << 30))
        },
        Flag(name: "max-line", value: "BYTES", defaultValue: "4096", help: "longest line accepted; longer ones are discarded with an error") { c, v throws(FlagError) in
            c.maxLine = try integer(v, "max-line", 64...1_048_576)
        },
        Flag(name: "max-queue", value: "BYTES", defaultValue: "4194304", help: "output a client may have pending before it is cut off as a slow reader") { c, v throws(FlagError) in
            c.maxQueue = try integer(v, "max-queue", 4096...1_073_741_824)
        },
        Flag(name: "accounts", value: "FILE", defaultValue: "none: open mode", help: "JSON list of {name, role, hash}; /hello NAME SECRET is then required; re-read on SIGHUP") { c, v throws(FlagError) in
            guard !v.isEmpty else { throw FlagError("--accounts needs a file") }
            c.accountsFile = v
        },
        Flag(name: "open-network", value: "", defaultValue: "off", help: "allow open mode (no --accounts) on a non-loopback address") { c, v throws(FlagError) in
            c.openNetwork = try boolean(v, "open-network")
        },
        Flag(name: "max-connections", value: "N", defaultValue: "1000", help: "connections at once; more are refused with ERR server-full (0: no limit)") { c, v throws(FlagError) in
            c.maxConnections = try integer(v, "max-connections", 0...1_000_000)
        },
        Flag(name: "max-per-ip", value: "N", defaultValue: "64", help: "connections at once from one address (0: no limit)") { c, v throws(FlagError) in
            c.maxPerIP = try integer(v, "max-per-ip", 0...1_000_000)
        },
        Flag(name: "hello-timeout", value: "SPAN", defaultValue: "60s", help: "time to say /hello after connecting (0: none)") { c, v throws(FlagError) in
            c.helloTimeout = try span(v, "hello-timeout")
        },
        Flag(name: "idle-timeout", value: "SPAN", defaultValue: "24h", help: "close a connection that sends nothing for this long (0: never)") { c, v throws(FlagError) in
            c.idleTimeout = try span(v, "idle-timeout")
        },
        Flag(name: "line-rate", value: "N", defaultValue: "20", help: "lines per second per connection, burst 2×N; faster senders are read more slowly (0: off)") { c, v throws(FlagError) in
            c.lineRate = try integer(v, "line-rate", 0...100_000)
        },
        Flag(name: "max-comment", value: "CHARS", defaultValue: "2000", help: "longest comment accepted") { c, v throws(FlagError) in
            c.maxComment = try integer(v, "max-comment", 1...1_048_576)
        },
        Flag(name: "max-rooms", value: "N", defaultValue: "50", help: "rooms one agent may be in at once") { c, v throws(FlagError) in
            c.maxRooms = try integer(v, "max-rooms", 1...100_000)
        },
        Flag(name: "announce-limit", value: "N", defaultValue: "50", help: "rooms with more members than this hear joins and leaves as one summary line a second, not a line each; 0 announces every one") { c, v throws(FlagError) in
            c.announceLimit = try integer(v, "announce-limit", 0...1_000_000)
        },
        Flag(name: "wip-per-agent", value: "N", defaultValue: "3", help: "most tickets one agent may own in doing; 0 for no limit") { c, v throws(FlagError) in
            let n = try integer(v, "wip-per-agent", 0...100_000)
            c.policy.wipPerAgent = n == 0 ? nil : n
        },
        Flag(name: "wip", value: "COL=N,...", defaultValue: "none", help: "per-column WIP limits, e.g. doing=10,review=5") { c, v throws(FlagError) in
            guard let limits = Policy.parseColumnLimits(v) else {
                throw FlagError("--wip is COLUMN=N,... with columns new, doing, blocked, review and N ≥ 1")
            }
            c.policy.wipPerColumn = limits
        },
        Flag(name: "sla", value: "P1=R/S,...", defaultValue: "P1=15m/4h,P2=1h/8h,P3=4h/3d,P4=1d/10d", help: "first-response/resolution targets per priority") { c, v throws(FlagError) in
            guard let sla = Policy.parseSLA(v) else {
                throw FlagError("--sla is P1=15m/4h,P2=1h/8h,... (spans like 45s 30m 4h 2d, above zero)")
            }
            c.policy.sla = sla
        },
        Flag(name: "stale-after", value: "SPAN", defaultValue: "30m", help: "an open ticket quiet this long is stale: /list stale, and swarmbot's nags (0 turns the nags off)") { c, v throws(FlagError) in
            c.policy.staleAfter = try span(v, "stale-after")
        },
        Flag(name: "invite-timeout", value: "SPAN", defaultValue: "2m", help: "an unanswered /swarm invite passes to the next agent after this") { c, v throws(FlagError) in
            let span = try span(v, "invite-timeout")
            guard span.millis > 0 else { throw FlagError("--invite-timeout is a span above zero like 45s, 2m") }
            c.policy.inviteTimeout = span
        },
        Flag(name: "assign", value: "least-loaded|round-robin", defaultValue: "least-loaded", help: "how !assign picks an online agent (preferring skills that match the ticket's tags, within WIP limits)") { c, v throws(FlagError) in
            guard let rule = AssignRule(rawValue: v.lowercased()) else { throw FlagError("--assign is least-loaded or round-robin") }
            c.assignRule = rule
        },
        Flag(name: "faq-review-after", value: "SPAN", defaultValue: "90d", help: "!faq review lists entries not updated for this long") { c, v throws(FlagError) in
            c.faqReviewAfter = try span(v, "faq-review-after")
        },
        Flag(name: "faq-seed", value: "FILE", defaultValue: "built-in", help: "FAQ starter set loaded when the board is empty: a JSON file like Deploy/faq.json; built-in is that file compiled in; empty loads none") { c, v throws(FlagError) in
            c.faqSeed = v.isEmpty ? .none : v == "built-in" ? .builtIn : .file(v)
        },
        Flag(name: "log-level", value: "LEVEL", defaultValue: "info", help: "debug, info, warn or error") { c, v throws(FlagError) in
            guard let l = Log.Level(name: v) else { throw FlagError("--log-level is debug, info, warn or error") }
            c.log.level = l
        },
        Flag(name: "metrics-port", value: "PORT", defaultValue: "off", help: "serve GET /metrics (Prometheus) and /healthz over HTTP on this port; 0 takes a free one") { c, v throws(FlagError) in
            c.metricsPort = v == "off" ? nil : try integer(v, "metrics-port", 0...65535)
        },
        Flag(name: "metrics-host", value: "HOST", defaultValue: "127.0.0.1", help: "address for --metrics-port; keep it on loopback unless a firewall guards it") { c, v throws(FlagError) in
            guard !v.isEmpty else { throw FlagError("--metrics-host needs an address") }
            c.metricsHost = v
        },
        Flag(name: "config", value: "FILE", defaultValue: "none", help: "read settings from FILE: `key = value` lines, keys are these flags without --; flags and environment beat it") { _, _ throws(FlagError) in
            // Handled by parse() before anything else: the file is the lowest layer.
        },
    ]

    public static func usage() -> String {
        var out = "usage: swarmline [--FLAG VALUE]... [--help] [--version]\n"
            + "       swarmline check DIR                              verify a data folder offline\n"
            + "       swarmline export DIR [--format json|markdown]    dump the board\n\n"
        for f in all {
            out += "  --\(f.name)\(f.value.isEmpty ? "" : " " + f.value)".padded(to: 26) + f.help + " (default \(f.defaultValue); env \(f.environmentVariable))\n"
        }
        out += "  --help".padded(to: 26) + "print this and exit\n"
        out += "  --version".padded(to: 26) + "print the version and exit\n"
        return out
    }

    /// Layers, lowest first: defaults, the --config file, environment variables, flags. So a flag
    /// beats its variable, which beats the file. `--flag=value` works too.
    public static func parse(_ arguments: [String], environment: [String: String], base: Config = Config()) throws(FlagError) -> Invocation {
        if let tool = arguments.first, tool == "check" || tool == "export" {
            return try parseTool(Array(arguments.dropFirst()), tool: tool)
        }
        var given: [(flag: Flag, value: String)] = []
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            switch arg {
            case "--help", "-h": return .help(usage())
            case "--version": return .version("swarmline \(Config.version)")
            case "--commands-markdown": return .reference(CommandTable.markdownReference())
            case "--flags-markdown": return .reference(markdownReference())
            default: break
            }
            guard arg.hasPrefix("--") else { throw FlagError("unexpected argument \(arg)") }
            var name = String(arg.dropFirst(2))
            var value: String?
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let flag = all.first(where: { $0.name == name }) else { throw FlagError("unknown flag --\(name)") }
            if value == nil && flag.value.isEmpty { value = "true" }
            if value == nil {
                guard i < arguments.count else { throw FlagError("--\(name) needs a value (\(flag.value))") }
                value = arguments[i]
                i += 1
            }
            given.append((flag, value!))
        }
        var config = base
        if let path = given.last(where: { $0.flag.name == "config" })?.value ?? environment[configVariable] {
            guard !path.isEmpty else { throw FlagError("--config needs a file") }
            for entry in try ConfigFile.load(path) {
                do { try entry.flag.apply(&config, entry.value) } catch {
                    throw FlagError("\(path) line \(entry.line): \(error.description)")
                }
            }
            config.configFile = path
        }
        for f in all where f.name != "config" {
            if let v = environment[f.environmentVariable] {
                do { try f.apply(&config, v) } catch { throw FlagError("\(f.environmentVariable): \(error.description)") }
            }
        }
        for (flag, value) in given { try flag.apply(&config, value) }
        if let socket = environment["NOTIFY_SOCKET"], !socket.isEmpty { config.notifySocket = socket }
        return .run(config)
    }

    static let configVariable = "SWARMLINE_CONFIG"

    static func parseTool(_ args: [String], tool: String) throws(FlagError) -> Invocation {
        var dir: String?
        var format = DataTools.ExportFormat.markdown
        var i = 0
        while i < args.count {
            let a = args[i]
            i += 1
            if tool == "export", a == "--format" || a.hasPrefix("--format=") {
                let value = a.hasPrefix("--format=") ? String(a.dropFirst(9)) : (i < args.count ? args[i] : "")
                if !a.hasPrefix("--format=") { i += 1 }
                guard let f = DataTools.ExportFormat(rawValue: value) else { throw FlagError("--format is json or markdown") }
                format = f
            } else if dir == nil, !a.hasPrefix("--") {
                dir = a
            } else {
                throw FlagError("unexpected argument \(a) for swarmline \(tool)")
            }
        }
        guard let dir else { throw FlagError("swarmline \(tool) needs a data folder") }
        return tool == "check" ? .check(dir) : .export(dir, format)
    }

    /// The README's flag table.
    public static func markdownReference() -> String {
        var out = "| flag | environment | default | meaning |\n|---|---|---|---|\n"
        for f in all {
            out += "| `--\(f.name)\(f.value.isEmpty ? "" : " " + f.value)` | `\(f.environmentVariable)` | `\(f.defaultValue)` | \(f.help) |\n"
        }
        return out
    }

    static func boolean(_ v: String, _ name: String) throws(FlagError) -> Bool {
        switch v.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off", "": return false
        default: throw FlagError("--\(name) is a switch: give it alone, or =true / =false")
        }
    }

    static func span(_ v: String, _ name: String) throws(FlagError) -> Span {
        guard let s = Span(parsing: v) else { throw FlagError("--\(name) is a duration such as 90s, 30m, 4h or 0") }
        return s
    }

    static func integer(_ v: String, _ name: String, _ range: ClosedRange<Int>) throws(FlagError) -> Int {
        guard let n = Int(v), range.contains(n) else {
            throw FlagError("--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }
}

extension String {
    var replacingDashes: String { String(map { $0 == "-" ? "_" : $0 }) }
    func padded(to width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
