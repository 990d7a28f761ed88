// board.json: checksummed, corruption refused cleanly, crash-safe to write at every step.
import Foundation
import Testing
@testable import SwarmServer
import SwarmDomain

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
    @Test func killInsideSnapshotWriting_AlwaysRestartsFromAWholeSnapshot() throws {
        let records = richHistory()
        let expected = try board(after: records)
        var step = 1
        while true {
            let dir = tempFolder("kill")
            writeBytes(try SnapshotFile.encode(try board(after: records.prefix(3)), seq: 3),
                       DataFolder.path(dir, DataFolder.snapshotName))
            try writeJournal(Array(records.prefix(3)), in: dir, startingAt: 1)
            try writeJournal(Array(records.dropFirst(3)), in: dir, startingAt: 4)
            let files = CrashingFileLayer(crashAt: step)
            let result = SnapshotWriter.run(expected, seq: UInt64(records.count), dir: dir, files: files,
                                            journal: nil, failuresBefore: 0)
            let opened = try DataFolder.open(dir, files: PosixFileLayer(), log: .silent)
            PosixFileLayer().close(opened.journalFile)
            #expect(opened.loaded.board == expected, "killed at step \(step)")
            #expect(!FileManager.default.fileExists(atPath: DataFolder.path(dir, DataFolder.snapshotTempName)))
            if result.error == nil { break }  // the crash point lies past the last operation
            step += 1
        }
        #expect(step > 5)
    }
}
