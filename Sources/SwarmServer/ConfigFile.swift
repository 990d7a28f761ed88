// The --config file: the lowest layer of settings, under environment variables and flags.
//
//     # whole-line comments and blank lines are ignored
//     port = 7420
//     data-dir = /var/lib/swarmline
//     faq-seed = ""
//     open-network
//
// Surrounding double quotes are removed (so "" is an empty value); a switch alone means true.
// A `#` after a value is part of the value: only whole lines are comments.
// Keys are the flag names without `--`; values are what the flag takes. Anything else is an
// error naming the file and line, so a typo never silently runs with a default.
import Foundation

enum ConfigFile {
    struct Entry {
        let line: Int
        let flag: Flag
        let value: String
    }

    static func load(_ path: String) throws(FlagError) -> [Entry] {
        let bytes: [UInt8]
        do { bytes = try PosixFileLayer().read(path) } catch {
            throw FlagError("cannot read config file: \(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FlagError("config file \(path) is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    static func parse(_ text: String, file: String) throws(FlagError) -> [Entry] {
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        // On newline characters, not "\n": a file saved on Windows has "\r\n", one Character.
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let n = index + 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ why: String) -> FlagError { FlagError("\(file) line \(n): \(why)") }
            let key: String
            var value: String?
            if let eq = line.firstIndex(of: "=") {
                key = line[..<eq].trimmingCharacters(in: .whitespaces)
                var v = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = String(v.dropFirst().dropLast()) }
                value = v
            } else {
                key = line
            }
            guard let flag = Flags.all.first(where: { $0.name == key }), key != "config" else {
                if key == "config" { throw fail("a config file cannot name another one") }
                let hint = key.hasPrefix("--") ? " (write \(key.dropFirst(2)), without --)" : " (keys are the flag names of swarmline --help, without --)"
                throw fail("unknown key \(key.isEmpty ? "\"\"" : key)\(hint)")
            }
            if value == nil {
                guard flag.value.isEmpty else { throw fail("\(key) needs a value: \(key) = \(flag.value)") }
                value = "true"
            }
            if let first = seen[key] { throw fail("\(key) is set twice (lines \(first) and \(n))") }
            seen[key] = n
            entries.append(Entry(line: n, flag: flag, value: value!))
        }
        return entries
    }
}
