// From a framed line to text the server may store and relay: valid UTF-8, no NUL, and no
// character that could drive another client's terminal.
import SwarmDomain

public enum InputText {
    static let nulRefusal = SwarmError("bad-input", "the line contains a NUL byte; nothing of it was used")

    /// Decodes and cleans a line, or says in one sentence why nothing of it can be used.
    public static func decode(_ bytes: [UInt8]) -> Result<String, SwarmError> {
        // Most lines are printable ASCII: valid UTF-8, no NUL, nothing to remove. One pass.
        if isPrintableASCII(bytes) { return .success(String(decoding: bytes, as: UTF8.self)) }
        if bytes.contains(0) { return .failure(nulRefusal) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(SwarmError("bad-encoding", "the line is not valid UTF-8; nothing of it was used"))
        }
        return .success(sanitize(text))
    }

    /// Every byte in 0x20...0x7E, checked eight at a time (SWAR: a byte under 0x20, a byte
    /// equal to 0x7F and a byte over 0x7F each set its high bit in one of three words).
    static func isPrintableASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isPrintableASCII($0) }
    }

    static func isPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= raw.count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let del = w ^ (ones &* 0x7F)
            if (w | ((w &- ones &* 0x20) & ~w) | ((del &- ones) & ~del)) & highs != 0 { return false }
            i += 8
        }
        while i < raw.count {
            guard raw[i] >= 0x20 && raw[i] < 0x7F else { return false }
            i += 1
        }
        return true
    }

    /// Turns tabs and line breaks into spaces (a JSON request's "a\nb" must not become "ab") and
    /// removes the other C0 controls, DEL, C1 controls and the bidirectional overrides that can
    /// make text read backwards on someone else's screen. What is left cannot drive a terminal:
    /// an escape sequence loses its ESC (or CSI/OSC/DCS byte) and stays as harmless printable text.
    public static func sanitize(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if isSpacing(s) { scalars.append(" ") } else if !isUnsafe(s) { scalars.append(s) }
        }
        return String(scalars)
    }

    /// Tab, LF, CR and the Unicode line/paragraph separators: they separate words.
    static func isSpacing(_ s: Unicode.Scalar) -> Bool {
        s == "\t" || s == "\n" || s == "\r" || s.value == 0x2028 || s.value == 0x2029
    }

    public static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return true }
        if v == 0x2028 || v == 0x2029 { return true }
        return false
    }

    /// A first line that shows someone pointed a browser or HTTP client at this port.
    public static func looksLikeHTTP(_ line: String) -> Bool {
        let methods = ["GET ", "POST ", "PUT ", "HEAD ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE "]
        if methods.contains(where: { line.hasPrefix($0) }) && line.contains(" HTTP/") { return true }
        return line.lowercased().hasPrefix("host:")
    }
}
