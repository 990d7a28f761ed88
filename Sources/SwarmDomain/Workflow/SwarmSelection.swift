// Who to summon: the smallest set of candidates that covers the skills asked for, least loaded
// first. A pure function of its inputs: the server supplies who is online and not in the room.

public struct SwarmCandidate: Hashable, Sendable {
    public let name: String
    public let skills: [String]
    public let load: Int
    public init(name: String, skills: [String], load: Int) {
        self.name = name
        self.skills = skills
        self.load = load
    }
}

public struct SwarmPick: Hashable, Sendable {
    /// Each invitee with the asked-for skills they cover.
    public var invitees: [(name: String, skills: [String])]
    /// Skills no candidate has.
    public var missing: [String]

    public static func == (a: SwarmPick, b: SwarmPick) -> Bool {
        a.missing == b.missing && a.invitees.map(\.name) == b.invitees.map(\.name)
            && a.invitees.map(\.skills) == b.invitees.map(\.skills)
    }
    public func hash(into h: inout Hasher) { h.combine(missing); h.combine(invitees.map(\.name)) }
}

public enum SwarmSelection {
    /// At most this many least-loaded candidates per skill are considered, which bounds the
    /// exact search for the smallest cover (set cover is NP-hard; our sets are tiny).
    static let perSkill = 3

    public static func pick(skills asked: [String], from candidates: [SwarmCandidate]) -> SwarmPick {
        var needed: [String] = []
        for s in asked where !needed.contains(s) { needed.append(s) }
        let ordered = candidates.sorted { ($0.load, $0.name) < ($1.load, $1.name) }
        var shortlist: [SwarmCandidate] = []
        for skill in needed {
            for c in ordered.filter({ $0.skills.contains(skill) }).prefix(perSkill) where !shortlist.contains(c) {
                shortlist.append(c)
            }
        }
        shortlist.sort { ($0.load, $0.name) < ($1.load, $1.name) }
        let coverable = needed.filter { s in shortlist.contains { $0.skills.contains(s) } }
        let missing = needed.filter { !coverable.contains($0) }
        guard !coverable.isEmpty else { return SwarmPick(invitees: [], missing: missing) }
        let masks = shortlist.map { c in
            coverable.indices.reduce(0) { m, i in c.skills.contains(coverable[i]) ? m | (1 << i) : m }
        }
        let full = (1 << coverable.count) - 1
        var best: [Int]?
        var bestLoad = Int.max
        for size in 1...coverable.count {
            var combo = Array(0..<size)
            while combo.count <= shortlist.count {
                let mask = combo.reduce(0) { $0 | masks[$1] }
                if mask == full {
                    let load = combo.reduce(0) { $0 + shortlist[$1].load }
                    if load < bestLoad { best = combo; bestLoad = load }
                }
                guard advance(&combo, n: shortlist.count) else { break }
            }
            if best != nil { break }
        }
        let invitees = (best ?? []).map { i in
            (name: shortlist[i].name, skills: coverable.filter { shortlist[i].skills.contains($0) })
        }
        return SwarmPick(invitees: invitees, missing: missing)
    }

    /// Next k-combination of 0..<n in lexicographic order; false after the last one.
    static func advance(_ c: inout [Int], n: Int) -> Bool {
        var i = c.count - 1
        while i >= 0 && c[i] == n - c.count + i { i -= 1 }
        guard i >= 0 else { return false }
        c[i] += 1
        for j in (i + 1)..<c.count { c[j] = c[j - 1] + 1 }
        return true
    }
}
