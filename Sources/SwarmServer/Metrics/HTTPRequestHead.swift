// The head of an HTTP/1.x request, parsed from a bounded buffer: the request line, then headers
// up to the blank line. Only what the metrics port needs: method and path. Headers are skipped
// (every response is `Connection: close`, and a GET has no body), so nothing a client sends can
// make us keep state beyond `maxHead` bytes.
public enum HTTPRequestHead: Equatable, Sendable {
    /// No blank line yet, and under the cap: read more.
    case incomplete
    /// The head is over the cap without ending (431).
    case tooLarge
    /// Not an HTTP/1.x request line (400).
    case bad
    case request(method: String, path: String)

    public static let maxHead = 8192

    public static func parse(_ bytes: [UInt8]) -> HTTPRequestHead {
        // Robustness (RFC 9112 §2.2): empty lines before the request line are ignored.
        var start = 0
        while start < bytes.count, bytes[start] == 0x0D || bytes[start] == 0x0A { start += 1 }
        guard let end = headEnd(bytes, from: start) else {
            return bytes.count > maxHead ? .tooLarge : .incomplete
        }
        guard end <= maxHead else { return .tooLarge }
        let lineEnd = bytes[start..<end].firstIndex(of: 0x0A) ?? end
        var line = bytes[start..<lineEnd]
        if line.last == 0x0D { line = line.dropLast() }
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3,
              !parts[0].isEmpty, parts[0].allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }),
              parts[1].first == 0x2F, parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
              Array(parts[2]) == Array("HTTP/1.1".utf8) || Array(parts[2]) == Array("HTTP/1.0".utf8)
        else { return .bad }
        let target = String(decoding: parts[1], as: UTF8.self)
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? target
        return .request(method: String(decoding: parts[0], as: UTF8.self), path: path)
    }

    /// Index just past the blank line that ends the head (CRLFCRLF, or bare LFLF), if present.
    static func headEnd(_ b: [UInt8], from start: Int) -> Int? {
        var i = start
        while i < b.count {
            if b[i] == 0x0A {
                if i + 1 < b.count, b[i + 1] == 0x0A { return i + 2 }
                if i + 2 < b.count, b[i + 1] == 0x0D, b[i + 2] == 0x0A { return i + 3 }
            }
            i += 1
        }
        return nil
    }
}
