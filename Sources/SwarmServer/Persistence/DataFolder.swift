// The data folder: board.json (snapshot) plus journal-<first seq>.log files. Loading it is a
// public, offline API (start-up, and `swarmline check`/`export` later):
//   1. read board.json if present (checksum verified) → board as of `journal_seq` S;
//   2. replay every journal record with seq > S, in file order, through `board.apply`;
//      records must be consecutive; records ≤ S (files not yet deleted after a snapshot) are skipped;
//   3. a line without LF (or with a bad checksum) at the very end of the last file is a torn write:
//      cut off with a warning, and so is a bad stretch of the last file that holds a zero byte
//      (part of a batch landed in preallocated space, part did not); anything else bad is
//      refused with file and offset. Zero bytes after the last record are preallocated space.
import Foundation
import SwarmDomain

public enum DataFolder {
    public static let snapshotName = "board.json"
    public static let snapshotTempName = "board.json.tmp"
    /// The replaced snapshot while its blocks are freed a few megabytes at a time.
    public static let retiredSnapshotName = "board.json.old"
    static let journalPrefix = "journal-"
    static let journalSuffix = ".log"

    public static func path(_ dir: String, _ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    public static func journalName(startingAt seq: UInt64) -> String {
        let digits = String(seq)
        return journalPrefix + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + journalSuffix
    }

    static func journalStart(_ name: String) -> UInt64? {
        guard name.hasPrefix(journalPrefix), name.hasSuffix(journalSuffix) else { return nil }
        return UInt64(name.dropFirst(journalPrefix.count).dropLast(journalSuffix.count))
    }

    /// Journal files in the folder, oldest first, with the seq of their first record.
    static func journals(in dir: String, files: any FileLayer) throws(StorageError) -> [(name: String, start: UInt64)] {
        try files.list(dir).compactMap { n in journalStart(n).map { (n, $0) } }.sorted { $0.start < $1.start }
    }

    public struct Loaded: Sendable {
        public var board = Board()
        /// The last record applied (from the snapshot or the journal); the next record is + 1.
        public var lastSeq: UInt64 = 0
        public var snapshotSeq: UInt64 = 0
        public var replayed = 0
        /// The journal file to keep appending to, and where its valid bytes end (preallocated
        /// zeros may follow).
        public var lastJournal: (name: String, length: Int)?
        /// A torn tail: file, offset where it starts, bytes of records cut (preallocated zeros
        /// after them not counted).
        public var tornTail: (file: String, offset: Int, bytes: Int)?
        public var staleTemp = false
        /// A replaced snapshot a crash left before it was freed.
        public var staleRetired = false
    }

    /// Loads the folder without changing anything in it.
    public static func load(_ dir: String, files: any FileLayer = PosixFileLayer()) throws -> Loaded {
        var out = Loaded()
        let snap = path(dir, snapshotName)
        if files.exists(snap) {
            let bytes: [UInt8]
            do { bytes = try files.read(snap) } catch { throw DataError(file: snapshotName, offset: nil, reason: "\(error)") }
            let (board, seq) = try SnapshotFile.decode(bytes, file: snapshotName)
            out.board = board
            out.lastSeq = seq
            out.snapshotSeq = seq
        }
        out.staleTemp = files.exists(path(dir, snapshotTempName))
        out.staleRetired = files.exists(path(dir, retiredSnapshotName))
        let journals = try journals(in: dir, files: files)
        let decoder = JSONDecoder()
        for (index, j) in journals.enumerated() {
            let isLast = index == journals.count - 1
            let bytes: [UInt8]
            do { bytes = try files.read(path(dir, j.name)) } catch { throw DataError(file: j.name, offset: nil, reason: "\(error)") }
            // The journal thread zero-fills a file ahead of its records (preallocation), so the
            // records end at the last non-zero byte: a record line always ends in LF, never in 0.
            var used = bytes.count
            while used > 0 && bytes[used - 1] == 0 { used -= 1 }
            var start = 0
            var valid = 0
            while start < used {
                let nl = bytes[start..<used].firstIndex(of: 0x0A)
                let end = nl ?? used
                let result = JournalLine.decode(bytes[start..<end], with: decoder)
                let atEnd = (nl.map { $0 + 1 } ?? used) >= used
                guard nl != nil, case .success(let r) = result else {
                    // A zero byte inside the bad part is a preallocated block the crash kept from
                    // being written: the unsynced batch landed in pieces. Records never hold one.
                    if isLast && (atEnd || bytes[start..<used].contains(0)) {
                        out.tornTail = (j.name, start, used - start)
                        break
                    }
                    if nl == nil { throw DataError(file: j.name, offset: start, reason: "record has no line end but is not the last one") }
                    if case .failure(let why) = result { throw DataError(file: j.name, offset: start, reason: why) }
                    break
                }
                if r.seq > out.lastSeq {
                    guard r.seq == out.lastSeq + 1 else {
                        throw DataError(file: j.name, offset: start, reason: "record \(r.seq) follows \(out.lastSeq): records are missing")
                    }
                    do {
                        // Every journaled change was accepted under the limits of its day: replay without WIP limits.
                        _ = try out.board.apply(r.mutation, by: r.agent, at: r.at, policy: .replay)
                    } catch {
                        throw DataError(file: j.name, offset: start, reason: "record \(r.seq) does not replay: \(error)")
                    }
                    out.lastSeq = r.seq
                    out.replayed += 1
                }
                start = end + 1
                valid = start
            }
            if isLast { out.lastJournal = (j.name, valid) }
        }
        return out
    }

    /// What `verify` found: nil `problem` means the folder loads.
    public struct Report: Sendable, CustomStringConvertible {
        public var problem: DataError?
        public var loaded: Loaded?
        public var description: String {
            if let problem { return "refused: \(problem)" }
            guard let l = loaded else { return "empty" }
            var s = "ok: \(l.board.ticketCount) tickets, snapshot at record \(l.snapshotSeq), \(l.replayed) journal records replayed, last record \(l.lastSeq)"
            if let t = l.tornTail { s += "; torn last record in \(t.file) at byte \(t.offset) (\(t.bytes) bytes) would be cut" }
            return s
        }
    }

    /// Offline check: loads the folder read-only and reports the first problem.
    public static func verify(_ dir: String, files: any FileLayer = PosixFileLayer()) -> Report {
        do {
            return Report(problem: nil, loaded: try load(dir, files: files))
        } catch let e as DataError {
            return Report(problem: e, loaded: nil)
        } catch {
            return Report(problem: DataError(file: dir, offset: nil, reason: "\(error)"), loaded: nil)
        }
    }
}
