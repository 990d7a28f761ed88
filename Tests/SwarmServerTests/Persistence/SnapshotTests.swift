// board.json: checksummed, corruption refused cleanly, crash-safe to write at every step.
import Foundation
import SwarmTestSupport
import Testing
@testable import SwarmServer
import SwarmDomain
import Synchronization

@Suite struct SnapshotTests {
    @Test func snapshot_IsJSONWithFormatSeqAndBoard() throws {
        let b = try board(after: richHistory())
        let bytes = try SnapshotFile.encode(b, seq: 16)
        let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        #expect(object?["format"] as? Int == 2)
        #expect(object?["journal_seq"] as? Int == 16)
        #expect((object?["board"] as? [String: Any])?["tickets"] != nil)
        let decoded = try SnapshotFile.decode(bytes, file: "board.json")
        #expect(decoded.board == b)
        #expect(decoded.seq == 16)
    }

    @Test func thousandCorruptedSnapshots_AreRefusedOrHarmless_NeverACrash() throws {
        let b = try board(after: richHistory())
        let good = try SnapshotFile.encode(b, seq: 16)
        var rng = SeededRNG(state: 0x5157_4152_4D4C_494E)
        var refused = 0
        var harmless = 0
        for _ in 0..<1000 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[at] = UInt8.random(in: 0...255, using: &rng)
            }
            do {
                let d = try SnapshotFile.decode(bytes, file: "board.json")
                #expect(d.board == b && d.seq == 16, "a corrupt snapshot loaded as a different board")
                harmless += 1
            } catch {
                #expect(error.file == "board.json")
                #expect(error.offset != nil)
                refused += 1
            }
        }
        #expect(refused + harmless == 1000)
        #expect(refused > 900)
    }

    /// Kills the writer at every file operation (a write lands half its bytes): the folder then
    /// always loads to the full board, from the old snapshot plus journal or from the new one,
    /// and the stale temp file is removed.
    @Test(arguments: [false, true])
    func killInsideSnapshotWriting_AlwaysRestartsFromAWholeSnapshot(uncached: Bool) throws {
        let records = richHistory()
        let expected = try board(after: records)
        var step = 1
        while true {
            let dir = Scratch.folder("kill")
            writeBytes(try SnapshotFile.encode(try board(after: records.prefix(3)), seq: 3),
                       DataFolder.path(dir, DataFolder.snapshotName))
            try writeJournal(Array(records.prefix(3)), in: dir, startingAt: 1)
            try writeJournal(Array(records.dropFirst(3)), in: dir, startingAt: 4)
            let files = CrashingFileLayer(crashAt: step, uncached: uncached)
            let result = SnapshotWriter.run(expected, seq: UInt64(records.count), dir: dir, files: files,
                                            journal: nil, failuresBefore: 0)
            let opened = try DataFolder.open(dir, files: PosixFileLayer(), log: .silent)
            PosixFileLayer().close(opened.journalFile)
            #expect(opened.loaded.board == expected, "killed at step \(step)")
            #expect(!FileManager.default.fileExists(atPath: DataFolder.path(dir, DataFolder.snapshotTempName)))
            #expect(!FileManager.default.fileExists(atPath: DataFolder.path(dir, DataFolder.retiredSnapshotName)),
                    "killed at step \(step)")
            if result.error == nil && files.operations < step { break }  // the crash point lies past the last operation
            step += 1
        }
        #expect(step > 5)
    }
    /// The final snapshot at exit (no journal writer: everything is in it) removes every journal
    /// file, the last one too; the next start loads the whole board and begins a new journal
    /// after the snapshot's record. A periodic snapshot keeps the last file, whose end it does
    /// not know.
    @Test func finalSnapshot_LeavesNoJournal_AndTheNextStartContinuesAfterIt() throws {
        let records = richHistory()
        let expected = try board(after: records)
        let dir = Scratch.folder("final")
        try writeJournal(Array(records.prefix(5)), in: dir, startingAt: 1)
        try writeJournal(Array(records.dropFirst(5)), in: dir, startingAt: 6)
        let result = SnapshotWriter.run(expected, seq: UInt64(records.count), dir: dir, files: PosixFileLayer(),
                                        journal: nil, failuresBefore: 0)
        #expect(result.written && result.error == nil)
        #expect(try DataFolder.journals(in: dir, files: PosixFileLayer()).isEmpty)
        let opened = try DataFolder.open(dir, files: PosixFileLayer(), log: .silent)
        PosixFileLayer().close(opened.journalFile)
        #expect(opened.loaded.board == expected)
        #expect(opened.journalName == DataFolder.journalName(startingAt: UInt64(records.count) + 1))

        // Periodic: the files before the one holding seq + 1 go, that one stays.
        let dir2 = Scratch.folder("periodic")
        try writeJournal(Array(records.prefix(5)), in: dir2, startingAt: 1)
        try writeJournal(Array(records.dropFirst(5)), in: dir2, startingAt: 6)
        try SnapshotWriter.dropJournals(upTo: 5, in: dir2, files: PosixFileLayer())
        #expect(try DataFolder.journals(in: dir2, files: PosixFileLayer()).map(\.start) == [6])
        try SnapshotWriter.dropJournals(upTo: UInt64(records.count), in: dir2, files: PosixFileLayer())
        #expect(try DataFolder.journals(in: dir2, files: PosixFileLayer()).map(\.start) == [6])
    }

    /// A snapshot is encoded straight into its temp file, a chunk at a time (here 8 KiB instead
    /// of 4 MB), each synced where the page cache takes them; the checksum is written into the
    /// first block at the end. The file that lands is byte for byte the snapshot encoded whole.
    @Test func snapshot_StreamsInSyncedChunks_ThenStampsItsChecksum_AndLandsWhole() throws {
        let dir = Scratch.folder("chunks")
        let b = RandomBoards.board(seed: 11, steps: 600)
        let expected = try SnapshotFile.encode(b, seq: 600)
        let chunk = 8192
        #expect(expected.count > 3 * chunk, "the board is too small to need several chunks")
        let files = RecordingFileLayer()
        let result = try SnapshotFile.write(b, seq: 600, in: dir, files: files, chunks: (4096, chunk), beforeRename: { true })
        #expect(result.written && result.bytes == expected.count)
        #expect(firstDifference(readBytes(DataFolder.path(dir, DataFolder.snapshotName)), expected) == nil)
        let whole = Array(repeating: ["write \(chunk)", "sync"], count: expected.count / chunk).flatMap { $0 }
        #expect(files.log == ["create"] + whole + ["write \(expected.count % chunk)", "write 4096 at 0", "sync",
                                                   "rename", "syncDirectory"])
    }

    /// Where direct writes are offered, the chunks go out past the page cache (here 4 KiB instead
    /// of 1 MB) with one fsync, after the checksum.
    @Test func snapshot_WrittenDirectly_InChunks_SyncedOnce_AndLandsWhole() throws {
        let dir = Scratch.folder("direct")
        let b = RandomBoards.board(seed: 12, steps: 600)
        let expected = try SnapshotFile.encode(b, seq: 600)
        let chunk = 4096
        let files = RecordingFileLayer(uncached: true)
        let result = try SnapshotFile.write(b, seq: 600, in: dir, files: files, chunks: (chunk, 8192), beforeRename: { true })
        #expect(result.written && result.bytes == expected.count)
        #expect(firstDifference(readBytes(DataFolder.path(dir, DataFolder.snapshotName)), expected) == nil)
        let whole = Array(repeating: "writeUncached \(chunk)", count: expected.count / chunk)
        #expect(files.log == ["createUncached"] + whole + ["writeUncached \(expected.count % chunk)", "write 4096 at 0",
                                                           "sync", "rename", "syncDirectory"])
    }

    /// The pieces the encoder hands on are cut anywhere between array elements, as often as
    /// asked; the text is the same whatever the piece size, and so is the checksum.
    @Test func streamedText_IsTheSame_WhateverThePieceSize() throws {
        let b = RandomBoards.board(seed: 13)
        let whole = try SnapshotFile.encode(b, seq: 7)
        #expect(try SnapshotFile.decode(whole, file: "board.json").board == b)
        for piece in [1, 100, 4096, Int.max] {
            var out: [UInt8] = []
            var pieces = 0
            let crc = try SnapshotFile.stream(b, seq: 7, piece: piece) { out.append(contentsOf: $0); pieces += 1 }
            SnapshotFile.stamp(crc, into: &out)
            #expect(firstDifference(out, whole) == nil, "piece size \(piece)")
            if piece == 1 { #expect(pieces > b.ticketCount, "pieces were not cut between tickets") }
        }
    }

    /// A full disk in the middle of a snapshot stops it at once: the temp file is removed, the
    /// error names it, and the snapshot before it stays.
    @Test func aWriteFailingMidSnapshot_StopsIt_AndLeavesTheOldSnapshot() throws {
        let dir = Scratch.folder("midfail")
        let old = try SnapshotFile.encode(try board(after: richHistory().prefix(3)), seq: 3)
        writeBytes(old, DataFolder.path(dir, DataFolder.snapshotName))
        let files = RecordingFileLayer(failingWrite: 2)
        #expect(throws: StorageError("write", DataFolder.path(dir, DataFolder.snapshotTempName), errno: ENOSPC)) {
            _ = try SnapshotFile.write(RandomBoards.board(seed: 14, steps: 600), seq: 600, in: dir, files: files,
                                       chunks: (4096, 8192), beforeRename: { true })
        }
        #expect(files.log == ["create", "write 8192", "sync", "write 8192", "remove"])
        #expect(!FileManager.default.fileExists(atPath: DataFolder.path(dir, DataFolder.snapshotTempName)))
        #expect(readBytes(DataFolder.path(dir, DataFolder.snapshotName)) == old)
    }
}

extension SnapshotTests {
    /// A snapshot that replaces another keeps the old one under a second name across the rename
    /// (so the rename frees nothing), then shrinks it a step at a time and removes it.
    @Test func replacedSnapshot_IsFreedInSteps_AfterTheRename() throws {
        let dir = Scratch.folder("replace")
        let old = [UInt8](repeating: 0x6F, count: 2 * SnapshotFile.releaseStep + 1_000)
        writeBytes(old, DataFolder.path(dir, DataFolder.snapshotName))
        let b = try board(after: richHistory())
        let new = try SnapshotFile.encode(b, seq: 16)
        let files = RecordingFileLayer()
        #expect(try SnapshotFile.write(b, seq: 16, in: dir, files: files) == (true, new.count))
        #expect(readBytes(DataFolder.path(dir, DataFolder.snapshotName)) == new)
        #expect(!FileManager.default.fileExists(atPath: DataFolder.path(dir, DataFolder.retiredSnapshotName)))
        #expect(new.count < 4096)
        #expect(files.log == ["create", "write \(new.count)", "write \(new.count) at 0", "sync", "remove", "link", "rename",
                              "syncDirectory", "truncate", "truncate", "remove"])
    }
}

/// Passes every operation to the real files and notes it (writes with their size). With
/// `uncached`, it offers direct writes (O_DIRECT where the test folder's file system has it);
/// with `failingWrite: n`, the n-th ordinary write fails with ENOSPC (noted, nothing written).
final class RecordingFileLayer: FileLayer {
    let real = PosixFileLayer()
    let uncached: Bool
    let failingWrite: Int?
    init(uncached: Bool = false, failingWrite: Int? = nil) {
        self.uncached = uncached
        self.failingWrite = failingWrite
    }
    private let entries = Mutex<[String]>([])
    private let writes = Mutex(0)
    var log: [String] { entries.withLock { $0 } }
    private func note(_ s: String) { entries.withLock { $0.append(s) } }

    func makeDirectory(_ path: String) throws(StorageError) { note("makeDirectory"); try real.makeDirectory(path) }
    func list(_ dir: String) throws(StorageError) -> [String] { note("list"); return try real.list(dir) }
    func exists(_ path: String) -> Bool { real.exists(path) }
    func read(_ path: String) throws(StorageError) -> [UInt8] { note("read"); return try real.read(path) }
    func create(_ path: String) throws(StorageError) -> FileID { note("create"); return try real.create(path) }
    func openForWriting(_ path: String) throws(StorageError) -> (FileID, Int) { note("openForWriting"); return try real.openForWriting(path) }
    func write(_ f: FileID, _ bytes: ArraySlice<UInt8>, path: String) throws(StorageError) {
        note("write \(bytes.count)")
        if writes.withLock({ n in n += 1; return n }) == failingWrite { throw StorageError("write", path, errno: ENOSPC) }
        try real.write(f, bytes, path: path)
    }
    func createUncached(_ path: String) throws(StorageError) -> FileID? {
        guard uncached else { return nil }
        note("createUncached")
        return try real.createUncachedOrNot(path)
    }
    func writeUncached(_ f: FileID, _ bytes: UnsafeRawBufferPointer, path: String) throws(StorageError) {
        note("writeUncached \(bytes.count)")
        try real.writeUncached(f, bytes, path: path)
    }
    func write(_ f: FileID, _ bytes: ArraySlice<UInt8>, at offset: Int, path: String) throws(StorageError) {
        note("write \(bytes.count) at \(offset)")
        try real.write(f, bytes, at: offset, path: path)
    }
    func sync(_ f: FileID, path: String) throws(StorageError) { note("sync"); try real.sync(f, path: path) }
    func truncate(_ f: FileID, to size: Int, path: String) throws(StorageError) { note("truncate"); try real.truncate(f, to: size, path: path) }
    func truncate(_ path: String, to size: Int) throws(StorageError) { note("truncate"); try real.truncate(path, to: size) }
    func close(_ f: FileID) { real.close(f) }
    func rename(_ from: String, _ to: String) throws(StorageError) { note("rename"); try real.rename(from, to) }
    func link(_ existing: String, _ new: String) throws(StorageError) { note("link"); try real.link(existing, new) }
    func remove(_ path: String) throws(StorageError) { note("remove"); try real.remove(path) }
    func syncDirectory(_ path: String) throws(StorageError) { note("syncDirectory"); try real.syncDirectory(path) }
}
