// Seeded fuzzing of everything a client's bytes pass through before a handler runs: framing,
// UTF-8 and control-character checks, JSON requests, command lookup and argument parsing.
import SwarmTestSupport
import Testing
@testable import SwarmServer
import SwarmDomain

/// Random and mutated lines, shared with the live-connection fuzz test.
enum FuzzLines {
    static let seeds: [String] = [
        "/hello alice", "/hello bob s3cret words", "/open P1 Printer on floor 3 jams", "/open critical VPN down",
        "/join #1", "/join 2", "/leave", "/leave #1", "/room #1", "/say #1 rebooting the switch now",
        "/who", "/who #3", "/history #1 5", "/history 1 500", "/tickets", "/tickets all", "/show #1",
        "/agents", "/help", "/help open", "/ping", "/ping hello", "/format json", "/format text", "/quit",
        "!help", "!help faq", "!faq vpn", "plain comment text", "{\"id\": 1, \"line\": \"/ping\"}",
        "{\"line\": \"/say #1 x\"}", "/claim #1", "/handoff #1 bob", "/close #1 fixed",
    ]
    static let escapes: [[UInt8]] = [
        [0x1B, 0x5B, 0x33, 0x31, 0x6D], [0x1B, 0x5B, 0x32, 0x4A], [0x1B, 0x5D, 0x30, 0x3B, 0x70, 0x77, 0x6E, 0x07],
        [0x1B, 0x50, 0x71, 0x1B, 0x5C], [0xC2, 0x9B, 0x33, 0x31, 0x6D], [0xC2, 0x9D], [0xE2, 0x80, 0xAE],
        [0xE2, 0x81, 0xA6], [0x00], [0xFF, 0xFD, 0x18], [0x0D], [0x09], [0x7F], [0xC0, 0x80], [0xED, 0xA0, 0x80],
    ]

    /// One line's bytes (no LF: the caller frames it).
    static func make(_ rng: inout SeededRNG) -> [UInt8] {
        switch rng.next() % 4 {
        case 0:  // random bytes, any value
            return (0..<Int(rng.next() % 80)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        case 1:  // random printable words after / or !
            let prefix: [UInt8] = rng.next() % 2 == 0 ? [0x2F] : [0x21]
            return prefix + (0..<Int(rng.next() % 60)).map { _ in UInt8(0x20 + rng.next() % 95) }
        default:  // a real line, mutated
            var b = Array(seeds[Int(rng.next() % UInt64(seeds.count))].utf8)
            for _ in 0..<Int(rng.next() % 4) {
                let at = b.isEmpty ? 0 : Int(rng.next() % UInt64(b.count + 1))
                switch rng.next() % 5 {
                case 0: b.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                case 1: if at < b.count { b.remove(at: at) }
                case 2: b.insert(contentsOf: escapes[Int(rng.next() % UInt64(escapes.count))], at: at)
                case 3: if at < b.count { b[at] ^= UInt8(1 << (rng.next() % 8)) }
                default: b += Array(repeating: UInt8(ascii: "x"), count: Int(rng.next() % 300))
                }
            }
            return b
        }
    }
}

@Suite struct ParserFuzzTests {
    /// 100,000 lines; each is framed, decoded and, when it is a command, looked up and parsed.
    /// Every outcome must be a value or a SwarmError with a kebab-case code: no crash, no trap.
    @Test func hundredThousandRandomAndMutatedLines_ParseOrFailCleanly() {
        var rng = SeededRNG(state: 0x5EED_0006)
        var outputs: [LineFramer.Output] = []
        var counts = (lines: 0, refused: 0, commands: 0, parsed: 0, usage: 0)
        for _ in 0..<100_000 {
            var bytes = FuzzLines.make(&rng)
            bytes.append(0x0A)
            outputs.removeAll(keepingCapacity: true)
            // A fresh framer per line: a random IAC SB would otherwise swallow all that follows
            // until IAC SE (telnet's rule), and the counts below would measure that instead.
            var framer = LineFramer(maxLine: 4096)
            framer.feed(bytes, into: &outputs)
            for o in outputs {
                guard case .line(let raw) = o else { continue }
                counts.lines += 1
                switch InputText.decode(raw) {
                case .failure(let e):
                    counts.refused += 1
                    #expect(isKebab(e.code))
                case .success(let text):
                    #expect(!text.unicodeScalars.contains { InputText.isUnsafe($0) || $0 == "\t" })
                    var line = text
                    if line.first == "{" {
                        switch ClientRequest.decode(text) {
                        case .failure(let e): #expect(isKebab(e.error.code)); continue
                        case .success(let r): line = InputText.sanitize(r.line)
                        }
                    }
                    line = line.trimmingSpaces
                    guard let first = line.first, first == "/" || first == "!" else { continue }
                    counts.commands += 1
                    let body = line.dropFirst()
                    let end = body.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? body.endIndex
                    let table = first == "/" ? CommandTable.slashByName : CommandTable.bangByName
                    let bySlowWay = table[body[..<end].lowercased()]
                    // The server finds commands by their bytes: it must agree with the String way.
                    let index = first == "/" ? CommandTable.slashIndex : CommandTable.bangIndex
                    let byBytes = Array(body[..<end].utf8).withUnsafeBufferPointer { index.find($0) }
                    #expect(byBytes === bySlowWay, "\(body[..<end])")
                    guard let spec = bySlowWay else { continue }
                    do {
                        let args = try ArgumentParser.parse(body[end...], for: spec)
                        #expect(args.count == spec.arguments.count)
                        counts.parsed += 1
                    } catch {
                        #expect(error.code == "usage")
                        counts.usage += 1
                    }
                }
            }
        }
        // The generator reaches every path, not only the refusals.
        #expect(counts.lines > 80_000)
        #expect(counts.refused > 10_000 && counts.commands > 30_000 && counts.parsed > 5_000 && counts.usage > 1_000)
    }

    func isKebab(_ code: String) -> Bool {
        !code.isEmpty && code.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
    }
}
