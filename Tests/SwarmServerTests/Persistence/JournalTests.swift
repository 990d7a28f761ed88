// The journal on disk: round trips, a torn last record cut at every byte, corruption refused.
import Foundation
import SwarmTestSupport
import Testing
@testable import SwarmServer
import SwarmDomain

@Suite struct JournalTests {
    @Test func crc32_MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    /// The eight-bytes-at-a-time path agrees with the byte-at-a-time one (a non-contiguous
    /// collection takes it) for every length up to 40 and every start offset.
    @Test func crc32_SlicedAndBytewise_Agree() {
        var rng = SeededRNG(state: 7)
        let bytes = (0..<48).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for start in 0..<8 {
            for length in 0...40 {
                let slice = Array(bytes[start..<(start + length)])
                #expect(CRC32.checksum(slice) == CRC32.checksum(slice.lazy.map { $0 }), "start \(start) length \(length)")
            }
        }
    }

    @Test func journalOnly_RestoresEveryKindOfState() throws {
        let dir = Scratch.folder("p")
        let records = richHistory()
        try writeJournal(records, in: dir)
        let loaded = try DataFolder.load(dir)
        #expect(loaded.board == (try board(after: records)))
        #expect(loaded.lastSeq == UInt64(records.count))
        #expect(loaded.tornTail == nil)
    }

    @Test func replayAfterSnapshot_SkipsCoveredRecords_AppliesTheRest() throws {
        let dir = Scratch.folder("p")
        let records = richHistory()
        let cut = 7
        let snap = try SnapshotFile.encode(try board(after: records.prefix(cut)), seq: UInt64(cut))
        writeBytes(snap, DataFolder.path(dir, DataFolder.snapshotName))
        // A crash after the rename but before the old journal was deleted: both files remain.
        try writeJournal(Array(records.prefix(cut)), in: dir, startingAt: 1)
        try writeJournal(Array(records.dropFirst(cut)), in: dir, startingAt: UInt64(cut + 1))
        let loaded = try DataFolder.load(dir)
        #expect(loaded.board == (try board(after: records)))
        #expect(loaded.snapshotSeq == UInt64(cut))
        #expect(loaded.replayed == records.count - cut)
    }

    @Test func lastRecordCutAtEveryByte_LoadsEveryEarlierRecord_AndWarns() throws {
        let dir = Scratch.folder("p")
        let records = richHistory(count: 3)
        let offsets = try writeJournal(records, in: dir)
        let path = DataFolder.path(dir, DataFolder.journalName(startingAt: 1))
        let full = readBytes(path)
        let expected = try board(after: records.dropLast())
        let lastStart = offsets.last!
        for cut in lastStart..<full.count {
            writeBytes(Array(full[..<cut]), path)
            let loaded = try DataFolder.load(dir)
            #expect(loaded.board == expected, "cut at \(cut)")
            #expect(loaded.lastSeq == UInt64(records.count - 1))
            #expect((loaded.tornTail != nil) == (cut > lastStart), "cut at \(cut)")
        }
        // Opening for real cuts the tail off (with a warning) so appends start on a clean line.
        writeBytes(Array(full[..<(full.count - 3)]), path)
        let warnings = LockedValue<[String]>([])
        let log = Log(level: .warn, sink: { line in warnings.set(warnings.get() + [line]) })
        let opened = try DataFolder.open(dir, files: PosixFileLayer(), log: log)
        PosixFileLayer().close(opened.journalFile)
        #expect(readBytes(path).count == lastStart)
        #expect(warnings.get().contains { $0.contains("torn record") && $0.contains("offset=\(lastStart)") })
    }

    @Test func flippedByteMidJournal_IsRefused_NamingFileAndOffset() throws {
        let dir = Scratch.folder("p")
        let records = richHistory(count: 4)
        let offsets = try writeJournal(records, in: dir)
        let name = DataFolder.journalName(startingAt: 1)
        let path = DataFolder.path(dir, name)
        var bytes = readBytes(path)
        bytes[offsets[3] + 20] ^= 0x01
        writeBytes(bytes, path)
        let before = bytes
        #expect(throws: DataError(file: name, offset: offsets[3], reason: "checksum mismatch")) {
            _ = try DataFolder.open(dir, files: PosixFileLayer(), log: .silent)
        }
        #expect(readBytes(path) == before, "nothing is overwritten")
        let report = DataFolder.verify(dir)
        #expect(report.problem?.offset == offsets[3])
        #expect(report.description.contains(name))
    }

    @Test func missingRecord_IsRefused() throws {
        let dir = Scratch.folder("p")
        var records = richHistory(count: 4)
        records.remove(at: 3)
        let offsets = try writeJournal(records, in: dir)
        #expect(throws: DataError.self) { _ = try DataFolder.load(dir) }
        #expect(DataFolder.verify(dir).problem?.offset == offsets[3])
    }
}
