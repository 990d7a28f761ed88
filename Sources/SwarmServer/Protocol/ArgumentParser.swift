// Parses what follows a command's name against its declared arguments.
// Leftover words are an error, so handlers never see input they did not ask for.
import SwarmDomain

enum ArgumentParser {
    static func parse(_ rest: Substring, for spec: CommandSpec) throws(SwarmError) -> Arguments {
        var remaining = rest.drop(while: { $0 == " " || $0 == "\t" })
        var values: [ArgumentValue?] = []
        values.reserveCapacity(spec.arguments.count)
        for (index, arg) in spec.arguments.enumerated() {
            if case .text = arg.kind {
                let text = String(remaining).trimmingSpaces
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
        s = s.drop(while: { $0 == " " || $0 == "\t" })
        guard !s.isEmpty else { return nil }
        let end = s.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? s.endIndex
        let word = s[s.startIndex..<end]
        s = s[end...]
        return word
    }

    static func usage(_ spec: CommandSpec, _ why: String) -> SwarmError {
        SwarmError("usage", "\(why); usage: \(spec.usage)")
    }
}
