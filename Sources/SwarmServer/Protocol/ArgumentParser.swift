// Parses what follows a command's name against its declared arguments.
// Leftover words are an error, so handlers never see input they did not ask for.
// Words are split on the UTF-8 bytes of space and tab: Character-level scanning (grapheme
// breaking per step) cost more than the rest of a /say. A space followed by a combining mark
// therefore separates words too, as it already did for the text argument's trimming.
import SwarmDomain

enum ArgumentParser {
    /// The words after a command's name, as UTF-8 bytes with integer offsets: Substring slicing
    /// validated every index it was given and cost more than the command it served.
    static func parse(_ b: UnsafeBufferPointer<UInt8>, for spec: CommandSpec) -> Result<Arguments, SwarmError> {
        var i = 0
        var end = b.count
        while end > 0, isBlank(b[end - 1]) { end -= 1 }
        func skipBlanks() { while i < end, isBlank(b[i]) { i += 1 } }
        func nextWord() -> UnsafeBufferPointer<UInt8>? {
            skipBlanks()
            guard i < end else { return nil }
            let start = i
            while i < end, !isBlank(b[i]) { i += 1 }
            return UnsafeBufferPointer(rebasing: b[start..<i])
        }
        func text(_ w: UnsafeBufferPointer<UInt8>) -> String { String(decoding: w, as: UTF8.self) }

        var values = Arguments()
        for (index, arg) in spec.arguments.enumerated() {
            if case .text = arg.kind {
                skipBlanks()
                if i < end {
                    values.append(.word(text(UnsafeBufferPointer(rebasing: b[i..<end]))))
                    i = end
                } else {
                    guard arg.optional else { return .failure(usage(spec, "\(arg.name) is missing")) }
                    values.append(nil)
                }
                continue
            }
            let before = i
            guard let word = nextWord() else {
                guard arg.optional else { return .failure(usage(spec, "\(arg.name) is missing")) }
                values.append(nil)
                continue
            }
            // An optional argument that does not parse is skipped, so `/leave` and `/who` can
            // take an optional ticket before other words; a required one is an error.
            if let value = convert(word, arg.kind) {
                values.append(value)
            } else if arg.optional, index + 1 < spec.arguments.count {
                i = before
                values.append(nil)
            } else {
                return .failure(usage(spec, "\(arg.name) cannot be \"\(text(word).prefix(40))\""))
            }
        }
        if let extra = nextWord() {
            return .failure(usage(spec, "unexpected \"\(text(extra).prefix(40))\""))
        }
        return .success(values)
    }

    static func convert(_ word: UnsafeBufferPointer<UInt8>, _ kind: ArgumentSpec.Kind) -> ArgumentValue? {
        if case .ticket = kind { return TicketID(utf8: word).map { .ticket($0) } }
        return convert(Substring(String(decoding: word, as: UTF8.self)), kind)
    }

    static func convert(_ word: Substring, _ kind: ArgumentSpec.Kind) -> ArgumentValue? {
        switch kind {
        case .ticket: return TicketID(parsing: word).map { .ticket($0) }
        case .priority: return Priority(parsing: word).map { .priority($0) }
        case .integer:
            guard word.count <= 12, let n = Int(word) else { return nil }
            return .integer(n)
        case .word: return .word(String(word))
        case .choice(let options):
            let lower = word.lowercased()
            return options.contains(lower) ? .word(lower) : nil
        case .text: return .word(String(word))
        }
    }

    static func nextWord(_ s: inout Substring) -> Substring? {
        s = skipBlanks(s)
        guard !s.isEmpty else { return nil }
        let end = firstBlank(s)
        let word = s[s.startIndex..<end]
        s = s[end...]
        return word
    }

    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    static func skipBlanks(_ s: Substring) -> Substring {
        let u = s.utf8
        var i = u.startIndex
        while i != u.endIndex, isBlank(u[i]) { u.formIndex(after: &i) }
        return s[i...]
    }

    /// The index of the first space or tab, or the end.
    static func firstBlank(_ s: Substring) -> Substring.Index {
        let u = s.utf8
        var i = u.startIndex
        while i != u.endIndex, !isBlank(u[i]) { u.formIndex(after: &i) }
        return i
    }

    static func usage(_ spec: CommandSpec, _ why: String) -> SwarmError {
        SwarmError("usage", "\(why); usage: \(spec.usage)")
    }
}
