// Routing events to connections. An event is rendered at most once per format, however many
// members hear it: the bytes are then copied into each member's output queue.
import SwarmDomain

extension Server {
    func deliver(_ events: [Event], skipping actor: String?) {
        for e in events { deliver(e, skipping: actor) }
    }

    func deliver(_ e: Event, skipping actor: String?) {
        var text: [UInt8]?
        var json: [UInt8]?
        func send(_ s: Session) {
            switch s.format {
            case .text:
                if text == nil { text = TextRenderer.event(e) }
                enqueue(text!, to: s)
            case .json:
                if json == nil { json = JSONRenderer.event(e) }
                enqueue(json!, to: s)
            }
        }
        switch e.audience {
        case .room(let t):
            for s in memberSessions(of: t) where s.agent != actor { send(s) }
        case .roomAndFeed(let t):
            for s in memberSessions(of: t) where s.agent != actor { send(s) }
            for (name, s) in sessionsByAgent where name != actor && !presence.isMember(name, of: t) {
                if hearsFeed(name, about: t) { send(s) }
            }
        case .roomAndAgents(let t, let agents, let feed):
            let members = presence.members(of: t)
            for s in memberSessions(of: t) where s.agent != actor { send(s) }
            for name in agents where name != actor && !members.contains(name) {
                if let s = sessionsByAgent[name] { send(s) }
            }
            guard feed else { break }
            for (name, s) in sessionsByAgent where name != actor && !agents.contains(name) && !presence.isMember(name, of: t) {
                if hearsFeed(name, about: t) { send(s) }
            }
        case .agent(let name):
            if let s = sessionsByAgent[name] { send(s) }
        case .feed:
            for (name, s) in sessionsByAgent where name != actor && hearsFeed(name, about: nil) { send(s) }
        }
    }

    /// A room's members' sessions in join order. Resolving names costs a String-keyed lookup per
    /// member per event (~350 instructions each); rooms rarely change while they talk.
    /// Only a change to this room's members resolves it again. A name's session changes only
    /// while it is in no room: /hello comes before any /join, and a closed connection departs
    /// its rooms before anything else is delivered.
    func memberSessions(of t: TicketID) -> [Session] {
        let revision = presence.revision(of: t)
        if let cached = roomSessions[t], cached.revision == revision {
            // Debug builds (the test suite) check the invariant above on every event.
            assert(cached.sessions.elementsEqual(presence.members(of: t).compactMap { sessionsByAgent[$0] }, by: ===),
                   "room \(t) resolved at revision \(revision) no longer matches its members")
            return cached.sessions
        }
        let resolved = presence.members(of: t).compactMap { sessionsByAgent[$0] }
        roomSessions[t] = revision == 0 ? nil : ResolvedRoom(revision: revision, sessions: resolved)
        return resolved
    }

    /// Whether an agent outside a ticket's room hears its board-feed events.
    /// `/mute board` and `/mute #N` are stored on the Agent, so they survive reconnects.
    func hearsFeed(_ agent: String, about ticket: TicketID?) -> Bool {
        board.agents[agent]?.hearsFeed(about: ticket) ?? true
    }

    func agentArrived(_ agent: String, _ s: Session) {
        s.agent = agent
        sessionsByAgent[agent] = s
        presence.arrive(agent)
        log.info("hello", ["conn": s.id, "agent": agent, "role": s.role.rawValue, "peer": s.peer])
    }

    /// Takes a departed agent out of their rooms and tells the rooms.
    func agentLeft(_ agent: String) {
        alarms.wentOffline(agent)
        for t in presence.depart(agent) {
            // Not needed for correctness (the revision moved): it lets the closed session go now.
            roomSessions[t] = nil
            if addedToSummary(agent, joined: false, in: t) { continue }
            deliver(Event("room.left", to: .room(t), at: now, ticket: t, actor: agent, text: "\(agent) left (disconnected)"),
                    skipping: agent)
        }
    }
}

/// A room's members as sessions, as of one `Presence.revision` of the room.
struct ResolvedRoom {
    let revision: UInt64
    let sessions: [Session]
}
