// Opening the data folder for a running server: create it, prove it writable, load it, repair
// what a crash can leave (a torn last record, a stale temp snapshot), and open the journal.
import Glibc
import SwarmDomain

extension DataFolder {
    public struct Opened: Sendable {
        public let loaded: Loaded
        let journalFile: FileID
        let journalName: String
        /// Where the records end; the journal thread writes the next batch there.
        let journalLength: Int
        /// The file's size: past `journalLength` it is preallocated zeros.
        let journalSize: Int
    }

    /// Called on the starting thread before the loop exists. Throws StorageError when the folder
    /// cannot be created or written, DataError when its contents are refused (nothing changed).
    public static func open(_ dir: String, files: any FileLayer, log: Log) throws -> Opened {
        try files.makeDirectory(dir)
        let probe = path(dir, ".write-probe")
        let f = try files.create(probe)
        defer { files.close(f); try? files.remove(probe) }
        try files.write(f, [0x0A], path: probe)

        let loaded = try load(dir, files: files)
        if let t = loaded.tornTail {
            log.warn("journal ends in a torn record (crash mid-write): cut off",
                     ["file": t.file, "offset": t.offset, "bytes": t.bytes])
            try files.truncate(path(dir, t.file), to: t.offset)
        }
        if loaded.staleTemp {
            log.warn("removing an unfinished snapshot left by a crash", ["file": snapshotTempName])
            try files.remove(path(dir, snapshotTempName))
        }
        if loaded.staleRetired {
            log.info("removing the replaced snapshot a crash left behind", ["file": retiredSnapshotName])
            try files.remove(path(dir, retiredSnapshotName))
        }
        let name: String
        let fid: FileID
        let length: Int
        let size: Int
        if let last = loaded.lastJournal {
            name = last.name
            (fid, size) = try files.openForWriting(path(dir, name))
            length = min(last.length, size)
        } else {
            name = journalName(startingAt: loaded.lastSeq + 1)
            fid = try files.create(path(dir, name))
            (length, size) = (0, 0)
            try files.syncDirectory(dir)
        }
        log.info("data loaded", ["dir": dir, "tickets": loaded.board.ticketCount, "snapshot_seq": loaded.snapshotSeq,
                                 "replayed": loaded.replayed, "last_seq": loaded.lastSeq])
        return Opened(loaded: loaded, journalFile: fid, journalName: name, journalLength: length, journalSize: size)
    }

    /// When board.json was last written (its mtime), for the snapshot-age metric; nil if none.
    static func snapshotModified(_ dir: String) -> Timestamp? {
        var st = stat()
        guard stat(path(dir, snapshotName), &st) == 0 else { return nil }
        return Timestamp(millis: Int64(st.st_mtim.tv_sec) * 1000 + Int64(st.st_mtim.tv_nsec) / 1_000_000)
    }
}
