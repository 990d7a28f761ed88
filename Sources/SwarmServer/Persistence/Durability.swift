// The event loop's side of persistence (loop-confined, no locks): journal sequence numbers,
// records made this turn, output held until durable, the snapshot schedule and storage failures.
import Dispatch
import SwarmDomain

final class Durability {
    // Loop-confined like the Session's hot fields: no dynamic exclusivity checks (see Session).
    let writer: JournalWriter
    let dir: String
    let files: any FileLayer
    let interval: Span
    /// The last record made (applied to the board and queued for the journal).
    @exclusivity(unchecked) var appendedSeq: UInt64
    /// The last record the journal thread reported on disk.
    @exclusivity(unchecked) var durableSeq: UInt64
    /// Records made this turn, handed to the journal thread at the end of the turn.
    @exclusivity(unchecked) var pending: [JournalRecord] = []
    /// Counts submissions to the journal: output is tagged with the batch its records go in.
    @exclusivity(unchecked) var batch: UInt64 = 0
    /// Sessions with output held back by the barrier.
    @exclusivity(unchecked) var heldSessions: [Session] = []
    /// `appendedSeq` when the current line (or cron pass) started: output produced after a
    /// commit in it depends on that commit.
    @exclusivity(unchecked) var commandStartSeq: UInt64
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
    /// The command being handled has changed the board: its output waits for its records.
    var commandChanged: Bool { appendedSeq > commandStartSeq }
}
