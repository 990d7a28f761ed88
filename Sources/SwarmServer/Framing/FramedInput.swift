// What the framer made of a connection's input and the server has not handled yet: every line's
// bytes back to back in one array, and a plain list of where each line starts and ends.
// Why not an array of `LineFramer.Output`: that cost an allocation per line for its own array,
// and clearing the list destroyed each enum through the runtime's generic witnesses: together
// about 600 instructions a line, a tenth of a pipelined /ping.
public struct FramedInput: Sendable {
    public enum Kind: UInt8, Sendable {
        case line
        /// A line over the limit was discarded.
        case tooLong
        /// Bytes to send back: telnet refusals.
        case telnetReply
    }

    public struct Item: Sendable {
        public let kind: Kind
        let start: Int
        let end: Int
        var range: Range<Int> { start..<end }
    }

    private(set) var bytes: [UInt8] = []
    private(set) var items: [Item] = []

    public init() {}

    public var count: Int { items.count }
    public var isEmpty: Bool { items.isEmpty }

    mutating func append(_ kind: Kind, _ content: UnsafeRawBufferPointer) {
        let start = bytes.count
        bytes.append(contentsOf: content)
        items.append(Item(kind: kind, start: start, end: bytes.count))
    }

    mutating func append(_ kind: Kind, _ content: [UInt8]) {
        content.withUnsafeBytes { append(kind, $0) }
    }

    /// Calls `body` with item `i` and its bytes (valid only during the call). The bytes are read
    /// from a copy of the array's reference, so the session may take new input meanwhile.
    func withItem<R>(_ i: Int, _ body: (Kind, UnsafeBufferPointer<UInt8>) -> R) -> R {
        let item = items[i]
        let all = bytes
        return all.withUnsafeBufferPointer { body(item.kind, UnsafeBufferPointer(rebasing: $0[item.range])) }
    }

    mutating func removeAll() {
        // A connection that once sent a huge batch does not keep its memory.
        bytes.removeAll(keepingCapacity: bytes.capacity <= 65_536)
        items.removeAll(keepingCapacity: items.capacity <= 256)
    }

    /// The items as the framer's outputs: for tests and tools, not the hot path.
    public var outputs: [LineFramer.Output] {
        items.map { item in
            let content = Array(bytes[item.range])
            switch item.kind {
            case .line: return .line(content)
            case .tooLong: return .tooLong
            case .telnetReply: return .telnetReply(content)
            }
        }
    }
}
