// One journal record and its on-disk line:
//
//     <crc32 of JSON, 8 lowercase hex digits> SP <JSON object> LF
//     e.g. 3f1a09c2 {"agent":"alice","at":1763859600000,"mutation":{...},"seq":42}
//
// JSON escapes every control character, so a record never contains LF or a zero byte, and one
// line is one record: `tr -d '\000' < journal-….log | cut -c10- | jq .` reads a journal (the
// zeros after the records are preallocated space). What counts as a torn write at the end of
// the last file, cut off at start, is DataFolder.load's rule.
import Foundation
import SwarmDomain

public struct JournalRecord: Codable, Equatable, Sendable {
    public var seq: UInt64
    public var at: Timestamp
    public var agent: String
    /// Generic over `Mutation`: whatever cases it gains are journaled and replayed unchanged.
    public var mutation: Mutation

    public init(seq: UInt64, at: Timestamp, agent: String, mutation: Mutation) {
        self.seq = seq
        self.at = at
        self.agent = agent
        self.mutation = mutation
    }
}

public enum JournalLine {
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// The bytes of one record's line, LF included.
    public static func encode(_ r: JournalRecord, with encoder: FastJSONEncoder) throws -> [UInt8] {
        var line: [UInt8] = []
        try append(r, to: &line, with: encoder)
        return line
    }

    /// Appends one record's line to `out`: the checksum is patched in once the JSON is written.
    public static func append(_ r: JournalRecord, to out: inout [UInt8], with encoder: FastJSONEncoder) throws {
        let start = out.count
        out.append(contentsOf: "00000000 ".utf8)
        if !JournalJSON.append(r, to: &out) {
            try encoder.encode(r, appendingTo: &out)
        }
        let crc = out.withUnsafeBufferPointer { CRC32.checksum(UnsafeBufferPointer(rebasing: $0[(start + 9)...])) }
        for i in 0..<8 { out[start + i] = hex[Int((crc >> UInt32(28 - 4 * i)) & 0xF)] }
        out.append(0x0A)
    }

    /// For the records `JournalJSON` does not write itself (all but comments and new names):
    /// the text Foundation's `JSONEncoder` wrote with `.sortedKeys` and `.withoutEscapingSlashes`
    /// (JournalJSONTests compares them byte for byte), at a fraction of its cost: in a storm of
    /// 100,000 SLA alerts Foundation's encoder was most of the journal's CPU.
    public static func makeEncoder() -> FastJSONEncoder {
        FastJSONEncoder(keyOrder: .sorted)
    }

    enum Decoded {
        case success(JournalRecord)
        case failure(String)
    }

    /// Checks one line (without its LF) and decodes it.
    static func decode(_ line: ArraySlice<UInt8>, with decoder: JSONDecoder) -> Decoded {
        guard line.count > 9, line[line.startIndex + 8] == 0x20 else { return .failure("not a journal record line") }
        var crc: UInt32 = 0
        for b in line.prefix(8) {
            guard let v = hex.firstIndex(of: b) else { return .failure("checksum is not hex") }
            crc = crc << 4 | UInt32(v)
        }
        let json = line.dropFirst(9)
        guard CRC32.checksum(json) == crc else { return .failure("checksum mismatch") }
        do {
            return .success(try decoder.decode(JournalRecord.self, from: Data(json)))
        } catch {
            return .failure("record does not decode: \(error)")
        }
    }
}
