// Output held back by the durability barrier until the journal records before it are on disk.
struct HeldOutput {
    enum Fate {
        /// Not caused by a change (a read, a notice): sent once the queue ahead of it is durable.
        case always
        /// Caused by a change: sent if its record becomes durable; if the write fails, `ifLost`
        /// (the command's `ERR storage` reply) is sent instead, or nothing (events).
        case durableOnly(ifLost: [UInt8]?)
    }

    /// The last journal seq appended when this was produced: released once durable up to it.
    let seq: UInt64
    let bytes: [UInt8]
    let fate: Fate
}
