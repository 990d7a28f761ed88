// board.json: the whole board as one JSON document, readable with jq:
//
//     {"checksum":"crc32:1a2b3c4d","format":1,"journal_seq":42,"board":{...}}
//
// `journal_seq` is the last journal record the board includes. The checksum is CRC-32 of the
// whole file with its 8 hex digits written as "00000000", so any corruption is refused instead
// of loading a subtly different board. The keys are written in this fixed order by hand (the
// board itself with `.sortedKeys`) so the checksum sits at a known offset.
import Foundation
import SwarmDomain

public enum SnapshotFile {
    public static let format = 1
    static let prefix = Array(#"{"checksum":"crc32:"#.utf8)
    static let placeholder = Array("00000000".utf8)

    struct Document: Decodable {
        let checksum: String
        let format: Int
        let journal_seq: UInt64
        let board: Board
    }

    /// The file's bytes for `board` as of journal record `seq`.
    public static func encode(_ board: Board, seq: UInt64) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(board)
        var out = prefix + placeholder
        out += Array(#"","format":\#(format),"journal_seq":\#(seq),"board":"#.utf8)
        out.reserveCapacity(out.count + body.count + 2)
        out.append(contentsOf: body)
        out += Array("}\n".utf8)
        let crc = CRC32.checksum(out)
        for i in 0..<8 { out[prefix.count + i] = JournalLine.hex[Int((crc >> UInt32(28 - 4 * i)) & 0xF)] }
        return out
    }

    /// Checks and decodes a snapshot; errors name the byte offset where the problem shows.
    public static func decode(_ bytes: [UInt8], file: String) throws(DataError) -> (board: Board, seq: UInt64) {
        guard bytes.count > prefix.count + 8, Array(bytes[0..<prefix.count]) == prefix else {
            throw DataError(file: file, offset: 0, reason: "not a Swarmline snapshot (bad header)")
        }
        var stored: UInt32 = 0
        for i in 0..<8 {
            guard let v = JournalLine.hex.firstIndex(of: bytes[prefix.count + i]) else {
                throw DataError(file: file, offset: prefix.count + i, reason: "checksum is not hex")
            }
            stored = stored << 4 | UInt32(v)
        }
        var zeroed = bytes
        zeroed.replaceSubrange(prefix.count..<prefix.count + 8, with: placeholder)
        guard CRC32.checksum(zeroed) == stored else {
            throw DataError(file: file, offset: prefix.count, reason: "checksum mismatch: the file is corrupt")
        }
        let doc: Document
        do {
            doc = try JSONDecoder().decode(Document.self, from: Data(bytes))
        } catch {
            throw DataError(file: file, offset: 0, reason: "does not decode: \(error)")
        }
        guard doc.format == format else {
            throw DataError(file: file, offset: 0, reason: "format \(doc.format) is not supported (this build reads \(format))")
        }
        return (doc.board, doc.journal_seq)
    }

    /// Writes a snapshot crash-safely: temp file, fsync, [wait], rename, fsync the folder.
    /// `beforeRename` lets the caller hold the rename until the journal has rotated past `seq`
    /// (returns false to abandon, removing the temp file).
    public static func write(_ bytes: [UInt8], in dir: String, files: any FileLayer,
                             beforeRename: () -> Bool = { true }) throws(StorageError) -> Bool {
        let tmp = DataFolder.path(dir, DataFolder.snapshotTempName)
        let f = try files.create(tmp)
        do {
            try files.write(f, bytes, path: tmp)
            try files.sync(f, path: tmp)
        } catch {
            files.close(f)
            try? files.remove(tmp)
            throw error
        }
        files.close(f)
        guard beforeRename() else {
            try? files.remove(tmp)
            return false
        }
        try files.rename(tmp, DataFolder.path(dir, DataFolder.snapshotName))
        try files.syncDirectory(dir)
        return true
    }
}
