// Parses what follows a command's name against its declared arguments.
// Leftover words are an error, so handlers never see input they did not ask for.
// Words are split on the UTF-8 bytes of space and tab: Character-level scanning (grapheme
// breaking per step) cost more than the rest of a /say. A space followed by a combining mark
// therefore separates words too, as it already did for the text argument's trimming.
import SwarmDomain

enum ArgumentParser {
    static func parse(_ rest: Substring, for spec: CommandSpec) throws(SwarmError) -> Arguments {
        var remaining = skipBlanks(rest)
        var values: [ArgumentValue?] = []
        values.reserveCapacity(spec.arguments.count)
        for (index, arg) in spec.arguments.enumerated() {
            if case .text = arg.kind {
                let text = String(skipBlanks(remaining)).trimmingSpaces
                remaining = ""
                if text.isEmpty {
                    guard arg.optional else { throw usage(spec, "\(arg.name) is missing") }
                    values.append(nil)
                } else {
                    values.append(.word(text))
                }
                continue
            }
            let word = nextWord(&remaining)
            guard let word else {
                guard arg.optional else { throw usage(spec, "\(arg.name) is missing") }
                values.append(nil)
                continue
            }
            // An optional argument that does not parse is skipped, so `/leave` and `/who` can
            // take an optional ticket before other words; a required one is an error.
            if let value = convert(word, arg.kind) {
                values.append(value)
            } else if arg.optional, index + 1 < spec.arguments.count {
                remaining = word.isEmpty ? remaining : rest[word.startIndex...]
                values.append(nil)
            } else {
                throw usage(spec, "\(arg.name) cannot be \"\(word.prefix(40))\"")
            }
        }
        if let extra = nextWord(&remaining) {
            throw usage(spec, "unexpected \"\(extra.prefix(40))\"")
        }
        return Arguments(values: values)
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
