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
    case commandsMarkdown(String)
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
        Flag(name: "max-line", value: "BYTES", defaultValue: "4096", help: "longest line accepted; longer ones are discarded with an error") { c, v throws(FlagError) in
            c.maxLine = try integer(v, "max-line", 64...1_048_576)
        },
        Flag(name: "max-queue", value: "BYTES", defaultValue: "4194304", help: "output a client may have pending before it is cut off as a slow reader") { c, v throws(FlagError) in
            c.maxQueue = try integer(v, "max-queue", 4096...1_073_741_824)
        },
        Flag(name: "log-level", value: "LEVEL", defaultValue: "info", help: "debug, info, warn or error") { c, v throws(FlagError) in
            guard let l = Log.Level(name: v) else { throw FlagError("--log-level is debug, info, warn or error") }
            c.log.level = l
        },
    ]

    public static func usage() -> String {
        var out = "usage: swarmline [--FLAG VALUE]... [--help] [--version]\n\n"
        for f in all {
            out += "  --\(f.name) \(f.value)".padded(to: 26) + f.help + " (default \(f.defaultValue); env \(f.environmentVariable))\n"
        }
        out += "  --help".padded(to: 26) + "print this and exit\n"
        out += "  --version".padded(to: 26) + "print the version and exit\n"
        return out
    }

    /// Environment first, then flags (a flag beats its variable). `--flag=value` works too.
    public static func parse(_ arguments: [String], environment: [String: String], base: Config = Config()) throws(FlagError) -> Invocation {
        var config = base
        for f in all {
            if let v = environment[f.environmentVariable] {
                do { try f.apply(&config, v) } catch { throw FlagError("\(f.environmentVariable): \(error.description)") }
            }
        }
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            switch arg {
            case "--help", "-h": return .help(usage())
            case "--version": return .version("swarmline \(Config.version)")
            case "--commands-markdown": return .commandsMarkdown(CommandTable.markdownReference())
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
            if value == nil {
                guard i < arguments.count else { throw FlagError("--\(name) needs a value (\(flag.value))") }
                value = arguments[i]
                i += 1
            }
            try flag.apply(&config, value!)
        }
        return .run(config)
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
