// Offline tools over a data folder: `swarmline check DIR` and `swarmline export DIR`.
// Both read only: a folder being served can be checked or exported while the server runs.
import Foundation
import SwarmDomain

public enum DataTools {
    public enum ExportFormat: String, Sendable { case json, markdown }

    /// `ok: …` and 0 when the folder loads; `refused: FILE at byte N: why` and 1 when it does not.
    public static func check(_ dir: String) -> (status: Int32, text: String) {
        guard FileManager.default.fileExists(atPath: dir) else {
            return (1, "refused: \(dir) does not exist")
        }
        let report = DataFolder.verify(dir)
        return (report.problem == nil ? 0 : 1, report.description)
    }

    /// The whole board as JSON (the snapshot's `board` object, pretty-printed) or as Markdown.
    public static func export(_ dir: String, format: ExportFormat, now: Timestamp, policy: Policy = Policy()) throws -> String {
        let loaded = try DataFolder.load(dir)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            return String(decoding: try encoder.encode(loaded.board), as: UTF8.self) + "\n"
        case .markdown:
            return markdown(loaded.board, now: now, policy: policy)
        }
    }

    static func markdown(_ board: Board, now: Timestamp, policy: Policy) -> String {
        var out = ["# Swarmline board export", "",
                   "Exported \(TimeText.iso(now)): \(board.ticketCount) tickets, \(board.agents.count) agents.", "",
                   "| ticket | priority | status | owner | title |", "|---|---|---|---|---|"]
        for t in board.tickets {
            let title = t.title.replacingOccurrences(of: "|", with: "\\|")
            out.append("| \(t.id) | \(t.priority) | \(t.status) | \(t.owner ?? "-") | \(title) |")
        }
        for t in board.tickets {
            out.append("")
            out += TimelineExport.markdown(t, comments: nil, now: now, policy: policy)
        }
        return out.joined(separator: "\n") + "\n"
    }
}
