// The journal's hot records (comments and first sightings of a name) written straight as bytes,
// the very bytes `JSONEncoder` with `.sortedKeys, .withoutEscapingSlashes` writes for them.
//
// Why: JSONEncoder cost ~40 % of the server's CPU in the fan-out benchmark (one record per
// comment: boxing, metadata lookups, a Dictionary per container). Every other mutation goes
// through FastJSON with sorted keys (JournalLine.makeEncoder), which writes the same bytes as
// JSONEncoder did, so the journal format has exactly one definition; tests check all three
// agree byte for byte, and the loader reads any of them with JSONDecoder.
import SwarmDomain

enum JournalJSON {
    /// Appends the record's JSON object, or returns false (nothing appended) if it is not a hot one.
    static func append(_ r: JournalRecord, to out: inout [UInt8]) -> Bool {
        switch r.mutation {
        case .comment(let ticket, let text):
            head(r, to: &out)
            literal("{\"comment\":{\"text\":", to: &out)
            JSONWriter.appendString(text, to: &out)
            literal(",\"ticket\":", to: &out)
            ASCII.appendDecimal(ticket.value, to: &out)
            literal("}}", to: &out)
        case .register(let name):
            head(r, to: &out)
            literal("{\"register\":{\"name\":", to: &out)
            JSONWriter.appendString(name, to: &out)
            literal("}}", to: &out)
        default:
            return false
        }
        literal(",\"seq\":", to: &out)
        ASCII.appendDecimal(r.seq, to: &out)
        out.append(UInt8(ascii: "}"))
        return true
    }

    /// `{"agent":…,"at":…,"mutation":` (keys sorted, as JSONEncoder's `.sortedKeys` has them).
    private static func head(_ r: JournalRecord, to out: inout [UInt8]) {
        literal("{\"agent\":", to: &out)
        JSONWriter.appendString(r.agent, to: &out)
        literal(",\"at\":", to: &out)
        ASCII.appendDecimal(r.at.millis, to: &out)
        literal(",\"mutation\":", to: &out)
    }

    private static func literal(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
}
