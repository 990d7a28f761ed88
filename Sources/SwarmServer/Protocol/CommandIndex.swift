// Finds a command by the bytes of its typed name, without building a String.
// Every line is looked up: a [String: CommandSpec] lookup cost a String built from a Substring
// and a SipHash of it (~550 instructions of a ~8,500-instruction /ping). Names are ASCII and at
// most 16 bytes, so a name packs into two words and an open-addressed table of those finds it in
// a few dozen instructions. ASCII capitals fold to lower case as they are packed; a name with
// any other byte goes the slow way, through `lowercased()` and the String table, so every
// Unicode case mapping that matched before still does.
struct CommandIndex: Sendable {
    private struct Slot: Sendable {
        var key: (UInt64, UInt64)
        var spec: CommandSpec?
    }

    private var slots: [Slot]
    private let mask: Int
    let byName: [String: CommandSpec]

    static let maxNameBytes = 16

    init(_ specs: [CommandSpec]) {
        byName = Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0) })
        var size = 16
        while size < specs.count * 4 { size *= 2 }
        mask = size - 1
        slots = Array(repeating: Slot(key: (0, 0), spec: nil), count: size)
        for spec in specs {
            precondition(spec.arguments.count <= Arguments.capacity, "\(spec.name) declares more than \(Arguments.capacity) arguments")
            let bytes = Array(spec.name.utf8)
            guard let key = bytes.withUnsafeBufferPointer({ CommandIndex.key($0) }), key.folded == false else {
                preconditionFailure("command name \(spec.name) is not lower-case ASCII of at most \(CommandIndex.maxNameBytes) bytes")
            }
            var i = CommandIndex.hash(key.words) & mask
            while slots[i].spec != nil { i = (i + 1) & mask }
            slots[i] = Slot(key: key.words, spec: spec)
        }
    }

    /// The command named by `name` (the bytes after the prefix up to the first blank).
    func find(_ name: UnsafeBufferPointer<UInt8>) -> CommandSpec? {
        guard let key = CommandIndex.key(name) else {
            // Not ASCII (or too long): the String way, for full Unicode lower-casing.
            guard name.contains(where: { $0 >= 0x80 }) else { return nil }
            return byName[String(decoding: name, as: UTF8.self).lowercased()]
        }
        var i = CommandIndex.hash(key.words) & mask
        while let spec = slots[i].spec {
            if slots[i].key == key.words { return spec }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Packs up to 16 ASCII bytes, folding capitals; nil for longer names, a NUL (it would pack
    /// like the end of the name) or any byte >= 0x80.
    private static func key(_ name: UnsafeBufferPointer<UInt8>) -> (words: (UInt64, UInt64), folded: Bool)? {
        guard !name.isEmpty, name.count <= maxNameBytes else { return nil }
        var words: (UInt64, UInt64) = (0, 0)
        var folded = false
        for (i, raw) in name.enumerated() {
            guard raw != 0, raw < 0x80 else { return nil }
            var b = raw
            if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") {
                b |= 0x20
                folded = true
            }
            let shifted = UInt64(b) << UInt64((i & 7) * 8)
            if i < 8 { words.0 |= shifted } else { words.1 |= shifted }
        }
        return (words, folded)
    }

    private static func hash(_ k: (UInt64, UInt64)) -> Int {
        let h = (k.0 &* 0x9E37_79B9_7F4A_7C15) ^ (k.1 &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
