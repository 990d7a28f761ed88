// The one table the benchmark prints at the end (Markdown, so it can go into the README as is).
import Foundation

enum ResultTable {
    static let header = ["scenario", "agents", "rooms", "ready in", "in/s", "deliveries/s", "p50", "p99", "p99.9",
                         "max", "CPU s/1M", "RSS/agent", "stall", "complete"]

    static func render(_ rows: [ScenarioResult]) -> String {
        var lines = [row(header), "|" + header.enumerated().map { i, _ in i < 3 ? "---|" : "---:|" }.joined()]
        for r in rows {
            lines.append(row([
                r.name, "\(r.agents)", "\(r.rooms)",
                String(format: "%.2f s", r.connectSeconds),
                rate(r.inPerSecond), rate(r.outPerSecond),
                ms(r.p50Ms), ms(r.p99Ms), ms(r.p999Ms), ms(r.maxMs),
                r.cpuPerMillion.map { String(format: "%.2f", $0) } ?? "-",
                r.rssPerAgentKiB.map { String(format: "%.2f KiB", $0) } ?? "-",
                r.longestGapMs.map { String(format: "%.1f ms", $0) } ?? "-",
                r.skipped ? "skipped" : r.complete ? "yes" : "NO",
            ]))
        }
        return lines.joined(separator: "\n")
    }

    /// Each row's notes, under the table.
    static func notes(_ rows: [ScenarioResult]) -> String {
        rows.filter { !$0.notes.isEmpty }.map { r in
            "- \(r.name): " + r.notes.joined(separator: "; ")
        }.joined(separator: "\n")
    }

    private static func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }

    static func rate(_ v: Double?) -> String {
        guard let v else { return "-" }
        if v >= 1e6 { return String(format: "%.2f M", v / 1e6) }
        if v >= 1e3 { return String(format: "%.1f k", v / 1e3) }
        return String(format: "%.0f", v)
    }

    static func ms(_ v: Double?) -> String {
        guard let v else { return "-" }
        if v < 10 { return String(format: "%.2f ms", v) }
        if v < 100 { return String(format: "%.1f ms", v) }
        return String(format: "%.0f ms", v)
    }
}
