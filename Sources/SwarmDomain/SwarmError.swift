// Every refusal in Swarmline: a stable code (machine-readable) and a one-line message for people.
public struct SwarmError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code) \(message)" }

    public static func noSuchTicket(_ id: TicketID) -> SwarmError {
        SwarmError("no-such-ticket", "\(id) does not exist")
    }
    public static func invalid(_ message: String) -> SwarmError { SwarmError("invalid", message) }
}
