// The board's most numerous values written straight as JSON bytes for snapshots (and any other
// FastJSON encode): comments, timeline entries, and the ids and times inside everything. The
// bytes are exactly what their `encode(to:)` writes (keys in the order it writes them); see
// JSONSelfWriting.swift.
import SwarmDomain

extension Comment: JSONSelfWriting {
    func writeJSON(to text: inout JSONText) {
        text.raw("{\"id\":")
        text.signed(Int64(id.value))
        text.raw(",\"author\":")
        text.string(author)
        text.raw(",\"text\":")
        text.string(self.text)
        text.raw(",\"at\":")
        text.signed(at.millis)
        text.byte(JSONBytes.closeBrace)
    }
}

/// The same order as its `encode(to:)` (TimelineEntry+Snapshot.swift): `comment` only when set.
extension TimelineEntry: JSONSelfWriting {
    func writeJSON(to text: inout JSONText) {
        text.raw("{\"at\":")
        text.signed(at.millis)
        text.raw(",\"actor\":")
        text.string(actor)
        text.raw(",\"kind\":")
        text.string(kind)
        text.raw(",\"text\":")
        text.string(self.text)
        if let comment {
            text.raw(",\"comment\":")
            text.signed(Int64(comment.value))
        }
        text.byte(JSONBytes.closeBrace)
    }
}

extension Timestamp: JSONSelfWriting {
    func writeJSON(to text: inout JSONText) { text.signed(millis) }
}

extension TicketID: JSONSelfWriting {
    func writeJSON(to text: inout JSONText) { text.signed(Int64(value)) }
}

extension CommentID: JSONSelfWriting {
    func writeJSON(to text: inout JSONText) { text.signed(Int64(value)) }
}

/// A ticket's comments in one go: one type check for the array instead of one per comment.
extension Array: JSONSelfWriting where Element: JSONSelfWriting {
    func writeJSON(to text: inout JSONText) {
        text.byte(JSONBytes.openBracket)
        for i in indices {
            if i > 0 { text.byte(JSONBytes.comma) }
            self[i].writeJSON(to: &text)
        }
        text.byte(JSONBytes.closeBracket)
    }
}
