// Logs in logfmt, one line per notable event, to stderr (or a test's sink):
// ts=… level=info msg="…" key=value
import SwarmDomain

public struct Log: Sendable {
    public enum Level: Int, Comparable, Sendable, CaseIterable {
        case debug, info, warn, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        public var name: String { ["debug", "info", "warn", "error"][rawValue] }
        public init?(name: String) {
            guard let l = Level.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
            self = l
        }
    }

    public var level: Level
    let sink: @Sendable (String) -> Void
    let clock: any WallClock

    public init(level: Level = .info, clock: any WallClock = SystemClock(),
                sink: @escaping @Sendable (String) -> Void = Log.stderr) {
        self.level = level
        self.clock = clock
        self.sink = sink
    }

    /// Queued for the log's own thread (LogWriter.swift): a stalled reader never stalls the loop.
    public static let stderr: @Sendable (String) -> Void = { line in LogWriter.standardError.write(line) }

    /// At exit: lets the queued lines out, waiting at most `seconds` for a slow reader.
    @discardableResult
    public static func flush(seconds: Double = 2) -> Bool { LogWriter.standardError.flush(seconds: seconds) }

    public static let silent = Log(level: .error, sink: { _ in })

    public func debug(_ msg: String, _ fields: KeyValuePairs<String, Any> = [:]) { write(.debug, msg, fields) }
    public func info(_ msg: String, _ fields: KeyValuePairs<String, Any> = [:]) { write(.info, msg, fields) }
    public func warn(_ msg: String, _ fields: KeyValuePairs<String, Any> = [:]) { write(.warn, msg, fields) }
    public func error(_ msg: String, _ fields: KeyValuePairs<String, Any> = [:]) { write(.error, msg, fields) }

    func write(_ l: Level, _ msg: String, _ fields: KeyValuePairs<String, Any>) {
        guard l >= level else { return }
        var line = "ts=\(TimeText.iso(clock.now())) level=\(l.name) msg=\(Log.quote(msg))"
        for (k, v) in fields { line += " \(k)=\(Log.quote(String(describing: v)))" }
        sink(line)
    }

    /// Quotes a value when logfmt needs it; control characters are escaped so that a client's
    /// bytes can never forge a log line.
    static func quote(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "=" && $0 != "\\" }
        if plain { return s }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if u.value < 0x20 || u.value == 0x7F || InputText.isUnsafe(u) { out += "\\u{\(String(u.value, radix: 16))}" }
                else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
