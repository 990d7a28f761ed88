// Loading a journal file that the journal thread zero-filled ahead of its records: the zeros are
// free space, a batch that landed only in part is a torn tail, and real corruption is refused.
import Foundation
import SwarmTestSupport
import Testing
@testable import SwarmServer
import SwarmDomain

@Suite struct PreallocatedJournalTests {
    private func journal(_ records: [JournalRecord], zeros: Int, in dir: String) throws -> (path: String, offsets: [Int], length: Int) {
        let offsets = try writeJournal(records, in: dir)
        let path = DataFolder.path(dir, DataFolder.journalName(startingAt: 1))
        let bytes = readBytes(path)
        writeBytes(bytes + [UInt8](repeating: 0, count: zeros), path)
        return (path, offsets, bytes.count)
    }

    /// The rules above rest on this: a zero byte in a journal file is never part of a record.
    @Test func aRecordNeverHoldsAZeroByte_WhateverItsText() throws {
        let enc = JournalLine.makeEncoder()
        let texts = ["\u{0}", "a\u{0}b", "\u{0}\u{1}\u{1F}\n\r\t", String(repeating: "\u{0}", count: 100)]
        for text in texts {
            let mutations: [Mutation] = [.comment(ticket: TicketID(1), text: text), .open(priority: .p2, title: text),
                                         .register(name: text)]
            for m in mutations {
                let line = try JournalLine.encode(JournalRecord(seq: 1, at: Timestamp(millis: 1), agent: text, mutation: m), with: enc)
                #expect(!line.contains(0), "\(m)")
                #expect(line.filter { $0 == 0x0A }.count == 1 && line.last == 0x0A, "\(m)")
            }
        }
    }

    @Test func zerosAfterTheRecords_AreFreeSpace_NotATornTail() throws {
        let dir = Scratch.folder("p")
        let records = richHistory()
        let j = try journal(records, zeros: 10_000, in: dir)
        let loaded = try DataFolder.load(dir)
        #expect(loaded.board == (try board(after: records)))
        #expect(loaded.lastSeq == UInt64(records.count))
        #expect(loaded.tornTail == nil)
        #expect(loaded.lastJournal?.length == j.length)

        // Opening keeps the space and says where the next batch goes.
        let opened = try DataFolder.open(dir, files: PosixFileLayer(), log: .silent)
        PosixFileLayer().close(opened.journalFile)
        #expect(opened.journalLength == j.length)
        #expect(opened.journalSize == j.length + 10_000)
        #expect(readBytes(j.path).count == j.length + 10_000)
    }

    /// After a power cut the disk may hold some blocks of the last, unsynced batch and not
    /// others: a hole of zeros anywhere in its records, records after it or not. Each such file
    /// loads every record before the hole's record, and cuts from that record on.
    @Test func aBatchThatLandedInPieces_IsCutAtTheRecordWithTheHole() throws {
        let dir = Scratch.folder("p")
        let records = richHistory(count: 6)
        let j = try journal(records, zeros: 4096, in: dir)
        let full = readBytes(j.path)
        let boards = try (0...records.count).map { try board(after: records.prefix($0)) }
        let batchStart = j.offsets[3]  // records 4-6 are the unsynced batch
        var checked = 0
        for holeStart in stride(from: batchStart, to: j.length - 1, by: 3) {
            for holeLength in [1, 7, 64, j.length] {
                let holeEnd = min(holeStart + holeLength, j.length - 1)  // the last LF stays
                var bytes = full
                for i in holeStart..<holeEnd { bytes[i] = 0 }
                writeBytes(bytes, j.path)
                let hit = j.offsets.lastIndex { $0 <= holeStart }!
                let loaded = try DataFolder.load(dir)
                #expect(loaded.lastSeq == UInt64(hit), "hole \(holeStart)..<\(holeEnd)")
                #expect(loaded.board == boards[hit], "hole \(holeStart)..<\(holeEnd)")
                #expect(loaded.tornTail?.offset == j.offsets[hit], "hole \(holeStart)..<\(holeEnd)")
                checked += 1
            }
        }
        #expect(checked > 100)

        // Opening cuts the torn records and the space after them.
        var bytes = full
        bytes[j.offsets[4] + 5] = 0
        writeBytes(bytes, j.path)
        let opened = try DataFolder.open(dir, files: PosixFileLayer(), log: .silent)
        PosixFileLayer().close(opened.journalFile)
        #expect(opened.journalLength == j.offsets[4])
        #expect(readBytes(j.path) == Array(full[..<j.offsets[4]]))
    }

    /// A zero byte is a torn batch only in the last file: every earlier file was synced whole
    /// before the next one began, so a hole there is damage to acknowledged records.
    @Test func aHoleInAnEarlierFile_IsRefused() throws {
        let dir = Scratch.folder("p")
        let records = richHistory(count: 6)
        let offsets = try writeJournal(Array(records.prefix(4)), in: dir, startingAt: 1)
        try writeJournal(Array(records.dropFirst(4)), in: dir, startingAt: 5)
        let name = DataFolder.journalName(startingAt: 1)
        var bytes = readBytes(DataFolder.path(dir, name))
        for i in (offsets[2] + 20)..<(offsets[2] + 26) { bytes[i] = 0 }
        writeBytes(bytes + [UInt8](repeating: 0, count: 512), DataFolder.path(dir, name))
        #expect(throws: DataError(file: name, offset: offsets[2], reason: "checksum mismatch")) {
            _ = try DataFolder.load(dir)
        }
    }

    /// A damaged record followed by good ones, with no zero byte in it, is not a torn write even
    /// with free space after it: refused as before.
    @Test func aFlippedByteBeforeTheFreeSpace_IsStillRefused() throws {
        let dir = Scratch.folder("p")
        let records = richHistory(count: 4)
        let j = try journal(records, zeros: 2048, in: dir)
        var bytes = readBytes(j.path)
        bytes[j.offsets[2] + 20] ^= 0x01
        writeBytes(bytes, j.path)
        #expect(throws: DataError(file: DataFolder.journalName(startingAt: 1), offset: j.offsets[2], reason: "checksum mismatch")) {
            _ = try DataFolder.load(dir)
        }
        #expect(readBytes(j.path) == bytes, "nothing is overwritten")
    }
}
