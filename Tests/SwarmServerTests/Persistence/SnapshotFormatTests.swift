// Snapshot formats: this build writes format 2 (runs of comment entries in a timeline folded to
// `{"comments":N}`), still reads format 1, and refuses newer formats by number.
import Foundation
import SwarmTestSupport
import Testing
@testable import SwarmServer
@testable import SwarmDomain

@Suite struct SnapshotFormatTests {
    struct FoundationDocument: Decodable { let board: Board }

    @Test func formatOneFile_FromTheOldServer_LoadsTheSameBoard() throws {
        let bytes = Array(formatOneSnapshot.utf8)
        let (b, seq) = try SnapshotFile.decode(bytes, file: "board.json")
        #expect(seq == 24)
        #expect(b == (try JSONDecoder().decode(FoundationDocument.self, from: Data(bytes)).board))
        #expect(b.ticketCount == 3)
        let one = try b.ticket(TicketID(1))
        #expect(one.status == .resolved && one.rating?.score == 5 && one.tags == ["hardware", "urgent"])
        #expect(one.comments.map(\.text) == ["first comment with \"quotes\" and tab here", "second: 日本語 and </script>", "bob was here"])
        #expect(one.timeline.filter { $0.kind == "comment" }.map(\.text) == one.comments.map(\.text))
        #expect(b.faq.entries["toner"] != nil)
        // And it moves on to format 2 unchanged.
        #expect(try SnapshotFile.decode(try SnapshotFile.encode(b, seq: seq), file: "board.json").board == b)
    }

    /// Format 1 as the old writer made it (Foundation, sorted keys), for random boards.
    @Test func generatedFormatOneFiles_LoadTheSameBoards() throws {
        for seed in UInt64(1)...10 {
            let b = RandomBoards.board(seed: seed)
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var out = Array(#"{"checksum":"crc32:00000000","format":1,"journal_seq":7,"board":"#.utf8) + [UInt8](try e.encode(b)) + Array("}\n".utf8)
            let crc = CRC32.checksum(out)
            for i in 0..<8 { out[19 + i] = JournalLine.hex[Int((crc >> UInt32(28 - 4 * i)) & 0xF)] }
            #expect(try SnapshotFile.decode(out, file: "board.json").board == b, "seed \(seed)")
        }
    }

    @Test func formatTwo_WritesEachCommentOnce() throws {
        let b = try board(after: richHistory())
        let bytes = try SnapshotFile.encode(b, seq: 16)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""format":2,"#))
        #expect(text.components(separatedBy: "note 3\\twith tab").count == 2, "the comment text is written once")
        #expect(text.contains(#""text":"bob opened #2 P3: VPN drops \"sometimes\" ✓ ünïcode"},{"comments":6}"#))
        #expect(try SnapshotFile.decode(bytes, file: "board.json").board == b)
    }

    /// A timeline entry that says something else than its comment must not be rebuilt from it.
    @Test func commentEntryThatDiffers_IsWrittenInFull() throws {
        var b = try board(after: richHistory())
        b.update(TicketID(1)) { $0.timeline[1] = TimelineEntry(at: Timestamp(millis: 1), actor: "mallory", kind: "comment", text: "edited", comment: CommentID(1)) }
        #expect(!b.commentEntriesRepeatComments)
        let bytes = try SnapshotFile.encode(b, seq: 16)
        #expect(!String(decoding: bytes, as: UTF8.self).contains(#"{"comments":"#))
        #expect(try SnapshotFile.decode(bytes, file: "board.json").board == b)
    }

    @Test func newerFormat_IsRefusedNamingItsNumber() throws {
        var bytes = try SnapshotFile.encode(try board(after: richHistory()), seq: 16)
        let at = 38
        #expect(bytes[at] == UInt8(ascii: "2"))
        bytes[at] = UInt8(ascii: "3")
        bytes.replaceSubrange(19..<27, with: Array("00000000".utf8))
        let crc = CRC32.checksum(bytes)
        for i in 0..<8 { bytes[19 + i] = JournalLine.hex[Int((crc >> UInt32(28 - 4 * i)) & 0xF)] }
        #expect(throws: DataError(file: "board.json", offset: at,
                                  reason: "snapshot format 3 is not supported: this build reads formats 1 to 2 (written by a newer Swarmline?)")) {
            try SnapshotFile.decode(bytes, file: "board.json")
        }
    }

    @Test func foldedRunThatDoesNotMatchTheComments_IsRefused() throws {
        let good = String(decoding: try SnapshotFile.encode(try board(after: richHistory()), seq: 16), as: UTF8.self)
        let bad = resealed(good.replacingOccurrences(of: #"{"comments":6}"#, with: #"{"comments":7}"#))
        let timeline = Array(good.utf8).indices.first { Array(good.utf8)[$0...].starts(with: Array(#""timeline":["#.utf8)) }! + 11
        #expect(throws: DataError(file: "board.json", offset: timeline, reason: "the timeline of #1 folds more or fewer comments than it has")) {
            try SnapshotFile.decode(bad, file: "board.json")
        }
        let zero = resealed(good.replacingOccurrences(of: #"{"comments":6}"#, with: #"{"comments":0}"#))
        #expect(throws: DataError.self) { try SnapshotFile.decode(zero, file: "board.json") }
    }

    /// Boards of 2,048 tickets and more decode their tickets on several threads.
    @Test func bigBoard_DecodedInParallel_IsTheSameBoard_AndFaultsNameTheirPlace() throws {
        var b = Board()
        var at = Timestamp(millis: 1_700_000_000_000)
        for i in 0..<3_000 {
            at = at + Span(millis: 7)
            _ = try b.apply(.open(priority: .p2, title: "t\(i)"), by: "a\(i % 5)", at: at)
            if i % 3 == 0 { _ = try b.apply(.comment(ticket: TicketID(i + 1), text: "c\(i) ✓"), by: "a1", at: at) }
        }
        let text = String(decoding: try SnapshotFile.encode(b, seq: 9), as: UTF8.self)
        #expect(try SnapshotFile.decode(Array(text.utf8), file: "board.json").board == b)
        let bad = resealed(text.replacingOccurrences(of: #""title":"t2500""#, with: #""title":2500"#))
        do {
            _ = try SnapshotFile.decode(bad, file: "board.json")
            Issue.record("a number decoded as a title")
        } catch {
            #expect(error.reason == "does not decode: expected String but found the number 2500 (at board.tickets.2500.title)")
            #expect(error.offset.map { bad[$0] } == UInt8(ascii: "2"))
        }
    }

    /// Damage the checksum cannot see (a file resealed after the change): every one is refused
    /// with a DataError naming a byte inside the file, or loads some board; none crashes.
    @Test func resealedDamage_IsRefusedWithAnOffset() throws {
        let good = String(decoding: try SnapshotFile.encode(RandomBoards.board(seed: 5, steps: 150), seq: 16), as: UTF8.self)
        var rng = SeededRNG(state: 0x5EA1)
        var refused = 0
        for _ in 0..<2_000 {
            var bytes = Array(good.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 60..<bytes.count, using: &rng)
                bytes[at] = Array("{}[]\",:0123456789ae-".utf8).randomElement(using: &rng)!
            }
            do {
                _ = try SnapshotFile.decode(resealed(bytes), file: "board.json")
            } catch {
                refused += 1
                #expect(error.offset.map { (0..<bytes.count).contains($0) } == true, "\(error)")
            }
        }
        #expect(refused > 1_500)
    }

    /// The text with a fresh checksum.
    func resealed(_ text: String) -> [UInt8] { resealed(Array(text.utf8)) }

    func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        bytes.replaceSubrange(19..<27, with: Array("00000000".utf8))
        let crc = CRC32.checksum(bytes)
        for i in 0..<8 { bytes[19 + i] = JournalLine.hex[Int((crc >> UInt32(28 - 4 * i)) & 0xF)] }
        return bytes
    }
}
