// Decoding and cleaning input lines: what may be stored and relayed.
import Testing
@testable import SwarmServer

@Suite struct InputTextTests {
    @Test func invalidUTF8_IsRefusedWithReadableError() {
        guard case .failure(let e) = InputText.decode([0x68, 0x69, 0xC3, 0x28]) else {
            Issue.record("invalid UTF-8 accepted")
            return
        }
        #expect(e.code == "bad-encoding")
    }

    /// The eight-bytes-at-a-time check agrees with the byte-by-byte definition for every byte
    /// value at every position (first word, second word, tail) and every short length.
    @Test func printableASCIICheck_MatchesItsDefinition_ForEveryByteAndPosition() {
        for length in 0...20 {
            #expect(InputText.isPrintableASCII(Array(repeating: UInt8(ascii: "~"), count: length)))
        }
        for v in 0...255 {
            for position in 0..<19 {
                var line = Array(repeating: UInt8(ascii: " "), count: 19)
                line[position] = UInt8(v)
                #expect(InputText.isPrintableASCII(line) == (v >= 0x20 && v < 0x7F), "byte \(v) at \(position)")
            }
        }
    }

    @Test func nulByte_IsRefused() {
        guard case .failure(let e) = InputText.decode([0x61, 0x00, 0x62]) else {
            Issue.record("NUL accepted")
            return
        }
        #expect(e.code == "bad-input")
    }

    @Test(arguments: [
        ("plain text", "plain text"),
        ("tab\tbecomes a space", "tab becomes a space"),
        ("red \u{1B}[31malert\u{1B}[0m", "red [31malert[0m"),
        ("bell\u{07} back\u{08}space del\u{7F}", "bell backspace del"),
        ("c1 \u{9B}31m csi", "c1 31m csi"),
        ("bidi \u{202E}desrever\u{202C} end", "bidi desrever end"),
        ("ünïcödé and emoji 🚒 stay", "ünïcödé and emoji 🚒 stay"),
    ])
    func controlCharacters_AreRemoved(input: String, expected: String) {
        #expect(InputText.decode(Array(input.utf8)) == .success(expected))
    }

    /// A JSON request's text may hold line breaks; they separate words, they are not removed.
    @Test(arguments: [
        ("two\nlines", "two lines"),
        ("crlf\r\nend", "crlf  end"),
        ("unicode\u{2028}line\u{2029}para", "unicode line para"),
        ("esc\u{1B}]0;title\u{07} gone", "esc]0;title gone"),
    ])
    func lineBreaks_BecomeSpaces(input: String, expected: String) {
        #expect(InputText.sanitize(input) == expected)
    }

    @Test(arguments: ["GET / HTTP/1.1", "POST /api HTTP/1.0", "Host: example.com", "HEAD /x HTTP/2"])
    func httpRequestLines_AreRecognised(line: String) {
        #expect(InputText.looksLikeHTTP(line))
    }

    @Test(arguments: ["/hello alice", "GET the logs from the router please", "hostname is db1"])
    func ordinaryLines_AreNotHTTP(line: String) {
        #expect(!InputText.looksLikeHTTP(line))
    }
}
