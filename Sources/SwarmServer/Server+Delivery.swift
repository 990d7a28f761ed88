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
    func memberSessions(of t: TicketID) -> [Session] {
        if let cached = roomSessions[t] { return cached }
        let resolved = presence.members(of: t).compactMap { sessionsByAgent[$0] }
        roomSessions[t] = resolved
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
            if addedToSummary(agent, joined: false, in: t) { continue }
            deliver(Event("room.left", to: .room(t), at: now, ticket: t, actor: agent, text: "\(agent) left (disconnected)"),
                    skipping: agent)
        }
    }
}
