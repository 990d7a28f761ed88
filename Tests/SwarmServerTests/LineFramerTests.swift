// Framing: every line ending, telnet stripping, overlong lines, byte-at-a-time reassembly.
import SwarmTestSupport
import Testing
@testable import SwarmServer

@Suite struct LineFramerTests {
    static func frame(_ chunks: [[UInt8]], maxLine: Int = 4096) -> [LineFramer.Output] {
        var f = LineFramer(maxLine: maxLine)
        var out: [LineFramer.Output] = []
        for c in chunks { f.feed(c, into: &out) }
        return out
    }

    static func line(_ s: String) -> LineFramer.Output { .line(Array(s.utf8)) }

    @Test(arguments: [
        ("a\nb\n", ["a", "b"]),
        ("a\r\nb\r\n", ["a", "b"]),
        ("a\rb\r", ["a", "b"]),
        ("a\r\0b\r\0", ["a", "b"]),
        ("\n\r\n\r\na\n\n", ["a"]),
        ("one line without end", []),
        ("tab\tinside\n", ["tab\tinside"]),
    ])
    func lineEndings(input: String, expected: [String]) {
        #expect(Self.frame([Array(input.utf8)]) == expected.map(Self.line))
    }

    @Test func oneBytePerWrite_ParsesExactlyAsWhole() {
        let input = Array("/hello alice\r\n/open P1 x\r\0mixed\rends\n\u{FF}\u{FD}\u{18}tail\n".utf8)
            + [255, 253, 24] + Array("after iac\r\n".utf8)
        let whole = Self.frame([input])
        let bytewise = Self.frame(input.map { [$0] })
        #expect(whole == bytewise)
        #expect(whole.contains(Self.line("after iac")))
    }

    @Test func telnetNegotiation_IsStrippedAndRefusedOnce() {
        // IAC DO ECHO, IAC WILL NAWS, IAC SB NAWS 0 80 0 24 IAC SE, IAC DO ECHO again.
        let input: [UInt8] = [255, 253, 1, 255, 251, 31, 255, 250, 31, 0, 80, 0, 24, 255, 240]
            + Array("hi".utf8) + [255, 253, 1] + Array("\r\n".utf8)
        #expect(Self.frame([input]) == [.telnetReply([255, 252, 1]), .telnetReply([255, 254, 31]), Self.line("hi")])
    }

    @Test func doubledIAC_IsALiteral255() {
        #expect(Self.frame([[0x61, 255, 255, 0x62, 0x0A]]) == [.line([0x61, 255, 0x62])])
    }

    @Test func overlongLine_IsDiscardedToItsEnd_ReportedOnce_NextLineWorks() {
        let long = Array(repeating: UInt8(ascii: "x"), count: 100)
        let out = Self.frame([long, long, Array("\nok\n".utf8)], maxLine: 64)
        #expect(out == [.tooLong, Self.line("ok")])
    }

    /// Text runs are copied in bulk: any split of the same bytes (line ends, telnet commands and
    /// overlong lines falling anywhere in a chunk) must frame the same as one byte per write.
    @Test(arguments: 0..<40)
    func randomSplits_FrameLikeOneBytePerWrite(seed: UInt64) {
        var rng = SeededRNG(state: seed)
        let alphabet: [UInt8] = [0x61, 0x62, 0x20, 0x0A, 0x0D, 0x00, 255, 253, 251, 250, 240, 1]
        let input = (0..<400).map { _ in rng.next() % 3 == 0 ? alphabet[Int(rng.next() % 12)] : 0x61 }
        var chunks: [[UInt8]] = []
        var i = 0
        while i < input.count {
            let n = min(input.count - i, 1 + Int(rng.next() % 40))
            chunks.append(Array(input[i..<(i + n)]))
            i += n
        }
        let maxLine = 1 + Int(seed % 12)
        #expect(Self.frame(chunks, maxLine: maxLine) == Self.frame(input.map { [$0] }, maxLine: maxLine))
        #expect(Self.frame([input], maxLine: maxLine) == Self.frame(input.map { [$0] }, maxLine: maxLine))
    }

    @Test func lineOfExactlyMaxLength_IsAccepted() {
        let exact = Array(repeating: UInt8(ascii: "y"), count: 64)
        #expect(Self.frame([exact + [0x0A]], maxLine: 64) == [.line(exact)])
    }
}
