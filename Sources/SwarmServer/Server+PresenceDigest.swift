// Joins and leaves in a big room, told as one summary line a second instead of a line each.
// Why: when hundreds of agents join an incident's room together, announcing every join to everyone
// already in it is quadratic: 500 joins were 125,250 lines and a send() per member per loop turn
// (Scripts/join-storm), and the room's comments scrolled away under them.
import SwarmDomain

/// The joins and leaves of one big room since its last summary: each name once per list, so an
/// agent toggling /join and /leave cannot grow it past the agents online.
struct PresenceDigest {
    private(set) var joined: [String] = []
    private(set) var left: [String] = []
    private var seen: Set<String> = []
    let since: Timestamp

    init(since: Timestamp) { self.since = since }

    mutating func add(_ agent: String, joined isJoin: Bool) {
        guard seen.insert((isJoin ? "+" : "-") + agent).inserted else { return }
        if isJoin { joined.append(agent) } else { left.append(agent) }
    }

    /// How often a big room hears its summary.
    static let every = Span(millis: 1000)
    /// Names written out in the text line; JSON carries them all.
    static let namesShown = 5
}

extension Server {
    /// Adds `agent` joining or leaving room `t` to the room's next summary, and says so, when the
    /// room has more than --announce-limit members (counted after the change); false means the
    /// caller announces it with a line of its own, as small rooms hear every join and leave.
    func addedToSummary(_ agent: String, joined: Bool, in t: TicketID) -> Bool {
        let limit = config.announceLimit
        guard limit > 0, presence.members(of: t).count > limit else { return false }
        presenceDigests[t, default: PresenceDigest(since: now)].add(agent, joined: joined)
        return true
    }

    /// From cron: each big room whose summary has waited `PresenceDigest.every` hears it.
    func tellPresenceDigests() {
        guard !presenceDigests.isEmpty else { return }
        for (t, d) in presenceDigests where now >= d.since + PresenceDigest.every {
            presenceDigests[t] = nil
            deliver(Self.summary(d, of: t, members: presence.members(of: t).count, at: now), skipping: nil)
        }
    }

    static func summary(_ d: PresenceDigest, of t: TicketID, members: Int, at now: Timestamp) -> Event {
        func names(_ list: [String]) -> String {
            let shown = list.prefix(PresenceDigest.namesShown).joined(separator: ", ")
            return list.count > PresenceDigest.namesShown ? shown + " and \(list.count - PresenceDigest.namesShown) more" : shown
        }
        var parts: [String] = []
        if !d.joined.isEmpty { parts.append("\(d.joined.count) joined (\(names(d.joined)))") }
        if !d.left.isEmpty { parts.append("\(d.left.count) left (\(names(d.left)))") }
        return Event("room.presence", to: .room(t), at: now, ticket: t,
                     text: parts.joined(separator: ", ") + "; \(members) in the room",
                     fields: ["joined": .array(d.joined.map { .string($0) }), "left": .array(d.left.map { .string($0) }),
                              "members": .int(members)])
    }
}
