// What the load generator is told (DriverSetup), what it keeps per simulated agent
// (AgentConnection), and what connecting everyone gave (ConnectOutcome).

/// One simulated agent: one TCP connection. Kept in a flat table of plain memory.
struct AgentConnection {
    enum State: UInt8 { case idle, connecting, login, join, ready, closed }
    var fd: Int32 = -1
    var state = State.idle
    var dirty = false
    var wantsWrite = false
    var room: Int32 = 0
    var out = ByteBuffer()
    var partial = ByteBuffer()
    /// Comments or pings sent, replies received, sent but not yet delivered to every member.
    var sent: UInt32 = 0
    var done: UInt32 = 0
    var outstanding: UInt32 = 0
    /// When the last delivery arrived (monotonic ns): gaps between arrivals are stalls.
    var lastArrival: UInt64 = 0
}

public struct DriverSetup: Sendable {
    public var host = "127.0.0.1"
    public var port: Int
    public var agents: Int
    /// Agent i joins `roomTickets[i % count]`; empty: agents only say /hello.
    public var roomTickets: [Int]
    /// Nicknames are `<prefix><index>`: lowercase letters and digits only (see Payload.find).
    public var nickPrefix: String
    public var payloadSize = 64
    /// Agents in connect + /hello + /join at once (swarmload's --connect-par, as the suite sets it).
    public var connectParallel = 1024
    public var connectTimeout = 120.0

    public init(port: Int, agents: Int, roomTickets: [Int], nickPrefix: String) {
        self.port = port
        self.agents = agents
        self.roomTickets = roomTickets
        self.nickPrefix = nickPrefix
    }
}

public struct ConnectOutcome: Sendable {
    public var ready: Int
    public var failed: Int
    public var seconds: Double
    public var diagnostic: String?
}

public struct BenchError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ d: String) { description = d }
}
