// The values that write their own JSON (SnapshotJSON.swift) write exactly what their Codable
// path writes: whole boards and single values, encoded with and without that path, compared
// byte for byte.
import Foundation
import SwarmTestSupport
import Testing
@testable import SwarmServer
import SwarmDomain

@Suite struct SnapshotJSONTests {
    /// The snapshot's own encoder settings, with the self-writing path on or off.
    func encode<T: Encodable>(_ value: T, selfWriting: Bool, folding: Bool = true) throws -> [UInt8] {
        var encoder = FastJSONEncoder(keyOrder: .sortedDictionaries,
                                      userInfo: folding ? [TimelineEntry.commentsElsewhere: true] : [:])
        encoder.selfWriting = selfWriting
        return try encoder.encode(value)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomBoards_SameBytesWithAndWithoutSelfWriting(seed: UInt64) throws {
        let board = RandomBoards.board(seed: seed, steps: 400)
        #expect(board.ticketCount > 0)
        for folding in [true, false] {
            let fast = try encode(board, selfWriting: true, folding: folding)
            let codable = try encode(board, selfWriting: false, folding: folding)
            #expect(firstDifference(fast, codable) == nil, "seed \(seed), folding \(folding)")
        }
    }

    @Test func singleValues_SameBytesAsTheirCodablePath() throws {
        let comments = [
            SwarmDomain.Comment(id: CommentID(1), author: "alice", text: "plain", at: Timestamp(millis: 0)),
            SwarmDomain.Comment(id: CommentID(Int.max), author: "b\"o\\b", text: "nul\u{0} tab\t ü 🚀 </script>", at: Timestamp(millis: -5)),
            SwarmDomain.Comment(id: CommentID(42), author: "", text: "", at: Timestamp(millis: Int64.max)),
        ]
        for c in comments {
            #expect(try encode(c, selfWriting: true) == encode(c, selfWriting: false))
        }
        #expect(try encode(comments, selfWriting: true) == encode(comments, selfWriting: false))
        #expect(try encode([] as [SwarmDomain.Comment], selfWriting: true) == Array("[]".utf8))
        #expect(try encode([] as [SwarmDomain.Comment], selfWriting: false) == Array("[]".utf8))
        for t in [Timestamp(millis: 0), Timestamp(millis: -1), Timestamp(millis: Int64.min)] {
            #expect(try encode(t, selfWriting: true) == encode(t, selfWriting: false))
        }
        #expect(try encode([TicketID(7), TicketID(0)], selfWriting: true) == encode([TicketID(7), TicketID(0)], selfWriting: false))
        #expect(try encode(CommentID(99), selfWriting: true) == Array("99".utf8))
    }

    /// A field added to one of these types must be added to its writer too, or snapshots would
    /// drop it. The random boards above only catch that once some mutation sets the new field;
    /// this fails as soon as the field exists.
    @Test func selfWritingTypes_HaveExactlyTheFieldsTheirWritersWrite() {
        func fields(_ v: Any) -> [String] { Mirror(reflecting: v).children.compactMap(\.label) }
        let at = Timestamp(millis: 1)
        #expect(fields(SwarmDomain.Comment(id: CommentID(1), author: "a", text: "t", at: at)) == ["id", "author", "text", "at"],
                "Comment changed: update its writer in SnapshotJSON.swift")
        #expect(fields(TimelineEntry(at: at, actor: "a", kind: "k", text: "t", comment: CommentID(1))) == ["at", "actor", "kind", "text", "comment"],
                "TimelineEntry changed: update its writer in SnapshotJSON.swift")
        #expect(fields(at) == ["millis"], "Timestamp changed: update its writer in SnapshotJSON.swift")
        #expect(fields(TicketID(1)) == ["value"], "TicketID changed: update its writer in SnapshotJSON.swift")
        #expect(fields(CommentID(1)) == ["value"], "CommentID changed: update its writer in SnapshotJSON.swift")
    }

    /// With every object's keys sorted the Codable path is taken, so the keys still come out sorted.
    @Test func sortedKeys_StillSortTheKeysOfSelfWritingTypes() throws {
        let c = SwarmDomain.Comment(id: CommentID(3), author: "alice", text: "hi", at: Timestamp(millis: 9))
        let text = String(decoding: try FastJSONEncoder(keyOrder: .sorted).encode(c), as: UTF8.self)
        #expect(text == #"{"at":9,"author":"alice","id":3,"text":"hi"}"#)
    }

    /// A snapshot written with the self-writing path loads back to the same board.
    @Test func snapshotWithSelfWriting_LoadsTheSameBoard() throws {
        let board = RandomBoards.board(seed: 99, steps: 600)
        let bytes = try SnapshotFile.encode(board, seq: 600)
        #expect(try SnapshotFile.decode(bytes, file: "board.json").board == board)
    }
}
