// Why a data folder cannot be loaded: the file and byte offset of the first problem.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let offset: Int?
    public let reason: String

    public init(file: String, offset: Int?, reason: String) {
        self.file = file
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        if let offset { return "\(file) at byte \(offset): \(reason)" }
        return "\(file): \(reason)"
    }
}
