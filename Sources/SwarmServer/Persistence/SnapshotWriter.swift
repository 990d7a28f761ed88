// Writes one snapshot off the event loop, from an O(1) copy-on-write copy of the board:
// encode into the temp file → fsync → wait until the journal has rotated past it → rename → fsync the
// folder → delete the journal files it covers. A crash at any step leaves either the old or the
// new board.json whole, plus journals that replay onto either (records ≤ journal_seq are skipped).
import Foundation
import SwarmDomain

enum SnapshotWriter {
    struct Result: Sendable {
        var written = false
        var bytes = 0
        /// Until the temp file was written and synced (encoded on the way).
        var writeMillis = 0.0
        var totalMillis = 0.0
        var error: String?
    }

    static func run(_ board: Board, seq: UInt64, dir: String, files: any FileLayer,
                    journal: JournalWriter?, failuresBefore: Int) -> Result {
        var result = Result()
        let t0 = DispatchTime.now().uptimeNanoseconds
        do {
            let file = try SnapshotFile.write(board, seq: seq, in: dir, files: files) {
                result.writeMillis = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
                return journal?.waitForRotation(to: seq + 1, failuresBefore: failuresBefore) ?? true
            }
            result.written = file.written
            result.bytes = file.bytes
            // Without a journal writer (the final snapshot at exit: the journal is stopped and
            // every record is in this snapshot) the last file goes too, so a clean stop leaves
            // board.json alone; the next start begins journal-<seq+1>.log.
            if result.written { try dropJournals(upTo: seq, in: dir, files: files, includingLast: journal == nil) }
        } catch {
            result.error = "\(error)"
        }
        result.totalMillis = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        return result
    }

    /// Deletes journal files whose records all lie at or before `seq` (the snapshot holds them).
    /// The last file's end is unknown, so it stays unless `includingLast` says the journal is
    /// stopped with nothing after `seq`.
    static func dropJournals(upTo seq: UInt64, in dir: String, files: any FileLayer,
                             includingLast: Bool = false) throws(StorageError) {
        let all = try DataFolder.journals(in: dir, files: files)
        for (i, j) in all.enumerated() {
            // A file's records end where the next file starts.
            let nextStart = i + 1 < all.count ? all[i + 1].start : (includingLast ? seq + 1 : UInt64.max)
            if j.start <= seq + 1, nextStart <= seq + 1 { try files.remove(DataFolder.path(dir, j.name)) }
        }
    }
}
