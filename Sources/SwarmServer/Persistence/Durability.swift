// The event loop's side of persistence (loop-confined, no locks): journal sequence numbers,
// records made this turn, output held until durable, the snapshot schedule and storage failures.
import Dispatch
import SwarmDomain

final class Durability {
    let writer: JournalWriter
    let dir: String
    let files: any FileLayer
    let interval: Span
    /// The last record made (applied to the board and queued for the journal).
    var appendedSeq: UInt64
    /// The last record the journal thread reported on disk.
    var durableSeq: UInt64
    /// Records made this turn, handed to the journal thread at the end of the turn.
    var pending: [JournalRecord] = []
    /// Sessions with output held back by the barrier.
    var heldSessions: [Session] = []
    /// `appendedSeq` when the current line (or cron pass) started: output produced after a
    /// commit in it depends on that commit.
    var commandStartSeq: UInt64
    /// Set while the journal cannot be written: changes are refused with ERR storage.
    var failure: StorageError?
    var revertPending = false
    var lastSnapshotSeq: UInt64
    var snapshotInFlight = false
    var snapshotDone: DispatchSemaphore?
    var nextSnapshotAt: Timestamp
    var nextProbeAt: Timestamp

    init(writer: JournalWriter, dir: String, files: any FileLayer, interval: Span, loaded: DataFolder.Loaded, now: Timestamp) {
        self.writer = writer
        self.dir = dir
        self.files = files
        self.interval = interval
        appendedSeq = loaded.lastSeq
        durableSeq = loaded.lastSeq
        commandStartSeq = loaded.lastSeq
        lastSnapshotSeq = loaded.snapshotSeq
        nextSnapshotAt = now + interval
        nextProbeAt = now
    }

    var hasPending: Bool { appendedSeq > durableSeq }
}
