// What a command handler works with: the server's state, the caller, and the reply it builds.
import SwarmDomain

struct CommandContext {
    // unowned(unsafe): a context lives only while its command runs, inside a call on the server;
    // a checked unowned reference cost an atomic retain and release per command.
    unowned(unsafe) let server: Server
    let session: Session
    var reply = Reply()
    /// Events to deliver after the handler returns (the caller does not hear their own).
    var events: [Event] = []
    /// The JSON request's id and the command's name, for a reply sent later.
    var requestID: JSONValue?
    var command = ""
    /// The handler answers later itself (a /hello whose secret is being checked off the loop).
    var replyLater = false
    /// Swarmbot's events caused by this command (e.g. FAQ suggestions for a new ticket): the
    /// caller hears these too, since they are the bot's words, not the caller's.
    var botEvents: [Event] = []

    init(server: Server, session: Session) {
        self.server = server
        self.session = session
    }

    var now: Timestamp { server.now }
    var board: Board { server.board }
    /// The caller's name; the runner guarantees it for commands not usable before /hello.
    var agent: String { session.agent ?? "" }

    /// Applies a change to the board and queues its events.
    @discardableResult
    mutating func commit(_ m: Mutation) throws(SwarmError) -> Outcome {
        let outcome = try server.commit(m, by: agent)
        // Most commands commit once: taking the array is a retain, appending it copied each Event.
        if events.isEmpty { events = outcome.events } else { events.append(contentsOf: outcome.events) }
        return outcome
    }

    /// For a command whose role depends on its arguments (e.g. /claim of a ticket someone else
    /// owns): the runner's `forbidden` error, naming the role needed.
    func require(_ role: Role, to action: String) throws(SwarmError) {
        guard session.role >= role else {
            throw SwarmError("forbidden", "\(action) needs role \(role.rawValue); you are \(session.role.rawValue)")
        }
    }

    func ticket(_ id: TicketID) throws(SwarmError) -> Ticket { try server.board.ticket(id) }

    /// The ticket named, or the caller's current room.
    func ticketOrCurrent(_ id: TicketID?) throws(SwarmError) -> TicketID {
        if let id {
            guard server.board.exists(id) else { throw .noSuchTicket(id) }
            return id
        }
        guard let room = server.presence.currentRoom(of: agent) else {
            throw SwarmError("no-room", "name a ticket (#N) or /join one first")
        }
        return room
    }
}
