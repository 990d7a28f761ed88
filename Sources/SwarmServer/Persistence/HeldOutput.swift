// A stretch of a connection's output held back by the durability barrier until the journal
// records before it are on disk (it lives in the connection's OutputQueue).
struct HeldOutput {
    enum Fate {
        /// Not caused by a change (a read, a notice): sent once the queue ahead of it is durable.
        case always
        /// Caused by a change: sent if its record becomes durable; if the write fails, `ifLost`
        /// (the command's `ERR storage` reply) is sent instead, or nothing (events).
        case durableOnly(ifLost: [UInt8]?)

        /// Whether two adjacent stretches can be one: same outcome whatever happens to the disk.
        func merges(with other: Fate) -> Bool {
            switch (self, other) {
            case (.always, .always), (.durableOnly(nil), .durableOnly(nil)): true
            default: false
            }
        }
    }

    /// Where the stretch ends in the queue's storage.
    var end: Int
    /// The last journal seq appended when this was produced: released once durable up to it.
    var seq: UInt64
    /// The journal batch (one per submission) its records go to disk in. The journal writes or
    /// loses a batch whole, so stretches of one batch may share an entry (see OutputQueue).
    let batch: UInt64
    let fate: Fate
}
