// board.json: the whole board as one JSON document, readable with jq:
//
//     {"checksum":"crc32:1a2b3c4d","format":2,"journal_seq":42,"board":{...}}
//
// `journal_seq` is the last journal record the board includes. The checksum is CRC-32 of the
// whole file with its 8 hex digits written as "00000000", so any corruption is refused instead
// of loading a subtly different board. The header keys are written in this fixed order by hand
// (the board itself with sorted keys) so the checksum and the format sit at known offsets, and
// a file from a newer Swarmline is refused by its format number before anything else is read.
//
// Format 2 differs from 1 only in folding each run of comment entries in a timeline into one
// `{"comments":N}` (see TimelineEntry+Snapshot.swift); both are read. The board is written and read with FastJSON,
// about 10x faster than Foundation's JSONEncoder/JSONDecoder on a 100,000-ticket board.
import Dispatch
import Foundation
import SwarmDomain
import Synchronization

public enum SnapshotFile {
    /// The format this build writes.
    public static let format = 2
    public static let readableFormats: ClosedRange<Int> = 1...2
    static let prefix = Array(#"{"checksum":"crc32:"#.utf8)
    static let placeholder = Array("00000000".utf8)
    static let formatKey = Array(#"","format":"#.utf8)

    struct Document: Decodable {
        let journal_seq: UInt64
        let board: Board
    }

    /// The file's bytes for `board` as of journal record `seq`, whole in memory (tests and
    /// tools; the server streams them to disk with `write`).
    public static func encode(_ board: Board, seq: UInt64) throws -> [UInt8] {
        var out: [UInt8] = []
        let crc = try stream(board, seq: seq) { out.append(contentsOf: $0) }
        stamp(crc, into: &out)
        return out
    }

    /// Encodes the snapshot into `out` a piece at a time, with "00000000" in place of the
    /// checksum, and returns that checksum (see `stamp`).
    static func stream(_ board: Board, seq: UInt64, piece: Int = 64 << 10,
                       into out: (UnsafeRawBufferPointer) throws -> Void) throws -> UInt32 {
        let header = prefix + placeholder + Array(#"","format":\#(format),"journal_seq":\#(seq),"board":"#.utf8)
        let userInfo: [CodingUserInfoKey: any Sendable] =
            board.commentEntriesRepeatComments ? [TimelineEntry.commentsElsewhere: true] : [:]
        var crc = CRC32.start
        try FastJSONEncoder(keyOrder: .sortedDictionaries, userInfo: userInfo).encode(board, after: header, piece: piece) { p in
            crc = CRC32.update(crc, p.bindMemory(to: UInt8.self))
            try out(p)
        }
        try Array("}\n".utf8).withUnsafeBytes { p in
            crc = CRC32.update(crc, p.bindMemory(to: UInt8.self))
            try out(p)
        }
        return CRC32.finish(crc)
    }

    /// Writes the checksum's hex digits over the placeholder in the file's first bytes.
    static func stamp(_ crc: UInt32, into head: inout [UInt8]) {
        for i in 0..<8 { head[prefix.count + i] = JournalLine.hex[Int((crc >> UInt32(28 - 4 * i)) & 0xF)] }
    }

    /// Checks and decodes a snapshot; errors name the byte offset where the problem shows.
    public static func decode(_ bytes: [UInt8], file: String) throws(DataError) -> (board: Board, seq: UInt64) {
        guard bytes.count > prefix.count + 8, bytes.starts(with: prefix) else {
            throw DataError(file: file, offset: 0, reason: "not a Swarmline snapshot (bad header)")
        }
        var stored: UInt32 = 0
        for i in 0..<8 {
            guard let v = JournalLine.hex.firstIndex(of: bytes[prefix.count + i]) else {
                throw DataError(file: file, offset: prefix.count + i, reason: "checksum is not hex")
            }
            stored = stored << 4 | UInt32(v)
        }
        // The checksum and the parse do not depend on each other: side by side on two cores.
        let checked = Mutex<UInt32>(0)
        let parsing = Mutex<Result<FastJSONDocument, any Error>?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { job in
            if job == 0 {
                var crc = CRC32.update(CRC32.start, bytes[..<prefix.count])
                crc = CRC32.update(crc, placeholder)
                crc = CRC32.finish(CRC32.update(crc, bytes[(prefix.count + 8)...]))
                checked.withLock { $0 = crc }
            } else {
                let result = Result { try FastJSONDocument(parsing: bytes) }
                parsing.withLock { $0 = result }
            }
        }
        guard checked.withLock({ $0 }) == stored else {
            throw DataError(file: file, offset: prefix.count, reason: "checksum mismatch: the file is corrupt")
        }
        let format = try readFormat(bytes, file: file)
        var parsed: FastJSONDocument?
        do {
            let document = try parsing.withLock { $0! }.get()
            parsed = document
            var replacing: [FastJSONDocument.Value: any Sendable] = [:]
            if let tickets = document.member("board", of: document.root).flatMap({ document.member("tickets", of: $0) }),
               let pages = try decodeTickets(document, at: tickets, restoring: format >= 2) {
                replacing[tickets] = pages
            }
            let doc = try document.decode(Document.self, replacing: replacing)
            var board = doc.board
            if format >= 2 && replacing.isEmpty, let ticket = board.restoreCommentEntries() {
                throw CommentsMismatch(ticket: ticket)
            }
            return (board, doc.journal_seq)
        } catch let e as CommentsMismatch {
            // Points at the ticket's timeline, found again in the parsed document.
            let timeline = parsed.flatMap { d in
                d.member("board", of: d.root).flatMap { d.member("tickets", of: $0) }.flatMap { d.elements(of: $0) }
                    .flatMap { $0.indices.contains(e.ticket.value - 1) ? d.member("timeline", of: $0[e.ticket.value - 1]) : nil }
                    .map { d.offset(of: $0) }
            }
            throw DataError(file: file, offset: timeline, reason: "the timeline of \(e.ticket) folds more or fewer comments than it has")
        } catch {
            let (offset, reason) = FastJSONError.summary(of: error)
            throw DataError(file: file, offset: offset ?? 0, reason: "does not decode: " + reason)
        }
    }

    struct CommentsMismatch: Error {
        let ticket: TicketID
    }

    /// A big board's tickets, decoded in page-aligned parts on every core (nil for a small one:
    /// the board's own decoding reads them). Format 2's comment entries are rebuilt there too.
    static func decodeTickets(_ document: FastJSONDocument, at tickets: FastJSONDocument.Value,
                              restoring: Bool) throws -> TicketPages? {
        let cores = min(8, ProcessInfo.processInfo.activeProcessorCount)
        guard cores > 1, let elements = document.elements(of: tickets), elements.count >= 2 * TicketPages.pageSize else { return nil }
        let page = TicketPages.pageSize
        let share = (elements.count + cores - 1) / cores
        let step = (share + page - 1) / page * page
        let parts = (elements.count + step - 1) / step
        let results = Mutex([Result<TicketPages, any Error>?](repeating: nil, count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let result = Result {
                var pages = TicketPages()
                try document.decode(each: Ticket.self, at: elements[part * step ..< min(elements.count, (part + 1) * step)]) { t in
                    var t = t
                    if restoring && !t.restoreCommentEntries() { throw CommentsMismatch(ticket: t.id) }
                    pages.append(t)
                }
                return pages
            }
            results.withLock { $0[part] = result }
        }
        return TicketPages(joining: try results.withLock { $0 }.map { try $0!.get() })
    }

    /// The `format` number from the fixed header; refuses formats this build cannot read.
    static func readFormat(_ bytes: [UInt8], file: String) throws(DataError) -> Int {
        let at = prefix.count + 8
        guard bytes[at...].starts(with: formatKey) else {
            throw DataError(file: file, offset: at, reason: "not a Swarmline snapshot (no format after the checksum)")
        }
        var i = at + formatKey.count
        var n = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39, n < 1_000_000 {
            n = n * 10 + Int(bytes[i] - 0x30)
            i += 1
        }
        guard i > at + formatKey.count, i < bytes.count, bytes[i] == UInt8(ascii: ",") else {
            throw DataError(file: file, offset: at + formatKey.count, reason: "not a Swarmline snapshot (the format is not a number)")
        }
        guard readableFormats.contains(n) else {
            throw DataError(file: file, offset: at + formatKey.count,
                            reason: "snapshot format \(n) is not supported: this build reads formats \(readableFormats.lowerBound) to \(readableFormats.upperBound) (written by a newer Swarmline?)")
        }
        return n
    }

    /// How much of a snapshot is written between two fsyncs. Written whole and synced once, a
    /// 150 MB snapshot put that much writeback in the disk's queue at once, and every journal
    /// fsync in the meantime waited behind it: 80–90 ms of silence at all clients under fan-out
    /// at a fixed rate, against 15–20 ms without the snapshot (`Scripts/bench-snapshot --rate
    /// 5000`). Synced every few megabytes, a journal fsync waits for one chunk at most (Redis's
    /// rdb-save-incremental-fsync, PostgreSQL's checkpoint_flush_after).
    public static let syncEvery = 4 << 20

    /// Where the file system allows, a snapshot bypasses the page cache (O_DIRECT) a megabyte at
    /// a time and is synced once at the end: no ext4 commit then has to write its pages back
    /// first. Beside a 150 MB snapshot written through the page cache a journal fsync waited up
    /// to 7–9 ms; written directly, 3–6 ms, in the same time (`Scripts/fsync-beside-snapshot`,
    /// 6 runs each). One megabyte, not four: behind a 4 MB direct write it waited up to 20 ms.
    public static let uncachedChunk = 1 << 20

    /// Writes a snapshot of `board` crash-safely: temp file, fsync, [wait], rename, fsync the
    /// folder. The text is encoded straight into the temp file, a chunk at a time; the checksum,
    /// known only at the end, is then written into the first block again. `beforeRename` lets the
    /// caller hold the rename until the journal has rotated past `seq` (returns false to abandon,
    /// removing the temp file). Returns whether it renamed and the file's size.
    public static func write(_ board: Board, seq: UInt64, in dir: String, files: any FileLayer,
                             beforeRename: () -> Bool = { true }) throws -> (written: Bool, bytes: Int) {
        try write(board, seq: seq, in: dir, files: files, chunks: (uncachedChunk, syncEvery), beforeRename: beforeRename)
    }

    /// `chunks`: the write sizes, direct and through the page cache (tests use small ones).
    static func write(_ board: Board, seq: UInt64, in dir: String, files: any FileLayer, chunks: (direct: Int, cached: Int),
                      beforeRename: () -> Bool) throws -> (written: Bool, bytes: Int) {
        let tmp = DataFolder.path(dir, DataFolder.snapshotTempName)
        let uncached = try files.createUncached(tmp)
        let f: FileID
        if let uncached { f = uncached } else { f = try files.create(tmp) }
        let size: Int
        do {
            var file = SnapshotChunks(files: files, file: f, path: tmp, direct: uncached != nil,
                                      chunk: uncached == nil ? chunks.cached : chunks.direct)
            defer { file.release() }
            let crc = try stream(board, seq: seq) { try file.append($0) }
            try file.finish()
            var head = file.head
            stamp(crc, into: &head)
            try files.write(f, head[...], at: 0, path: tmp)
            try files.sync(f, path: tmp)
            size = file.written
        } catch {
            files.close(f)
            try? files.remove(tmp)
            throw error
        }
        files.close(f)
        guard beforeRename() else {
            try? files.remove(tmp)
            return (false, size)
        }
        let snapshot = DataFolder.path(dir, DataFolder.snapshotName)
        let retired = DataFolder.path(dir, DataFolder.retiredSnapshotName)
        // The old snapshot keeps a second name across the rename, so the rename does not free
        // its blocks. Freeing 150 MB inside rename(2) held ext4's journal for 35–40 ms, and every
        // journal fsync meanwhile waited up to 30 ms: most of the silence clients saw during a
        // snapshot. Freed in 8 MB steps afterwards, no fsync waits more than a step.
        var retiring = false
        if files.exists(snapshot) {
            try? files.remove(retired)  // a crash's leftover
            retiring = (try? files.link(snapshot, retired)) != nil
        }
        try files.rename(tmp, snapshot)
        try files.syncDirectory(dir)
        if retiring { release(retired, files: files) }
        return (true, size)
    }

    /// Bytes freed per step when a replaced snapshot is removed.
    static let releaseStep = 8 << 20

    /// Shrinks a file to nothing a step at a time, then removes it. Best effort: what a failure
    /// or a crash leaves is removed by the next snapshot or the next start.
    static func release(_ path: String, files: any FileLayer) {
        var size = files.fileSize(path) ?? 0
        while size > releaseStep {
            size -= releaseStep
            guard (try? files.truncate(path, to: size)) != nil else { return }
            usleep(2_000)  // room for a waiting journal commit between two steps
        }
        try? files.remove(path)
    }
}
