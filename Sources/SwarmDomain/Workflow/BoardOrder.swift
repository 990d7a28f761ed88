// Board order, the order of /board's columns and of /list: priority, then the oldest first; the
// id breaks ties between tickets opened in the same millisecond. A key of three numbers read in
// place, so scans compare keys instead of moving tickets.
struct BoardOrderKey: Comparable, Sendable {
    var priority: Int
    var openedAt: Int64
    var id: Int

    init(_ t: UnsafePointer<Ticket>) {
        priority = t.pointee.priority.rawValue
        openedAt = t.pointee.openedAt.millis
        id = t.pointee.id.value
    }

    /// Another order written as the same key: by `time` (when given), then by number.
    init(time: Int64 = 0, id: Int) {
        priority = 0
        openedAt = time
        self.id = id
    }

    static func < (a: BoardOrderKey, b: BoardOrderKey) -> Bool {
        (a.priority, a.openedAt, a.id) < (b.priority, b.openedAt, b.id)
    }
}
