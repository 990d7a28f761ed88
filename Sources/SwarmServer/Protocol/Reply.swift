// The answer to one command: data lines, then exactly one status (OK or ERR code).
import SwarmDomain

public struct Reply: Sendable {
    public var lines: [String] = []
    public var message: String = ""
    public var error: SwarmError?
    /// Machine-readable results for JSON mode (`ticket`, `comment`, lists …).
    public var data: ReplyData = [:]

    public init() {}
    public init(error: SwarmError) { self.error = error }

    public var ok: Bool { error == nil }
}
