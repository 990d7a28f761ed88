// Durability in the loop: journaling each commit, the output barrier (nothing caused by a
// change leaves before its record is on disk), snapshots, and disk-full handling.
//
// Why replies wait: a client that saw OK must find its change after any crash. The loop appends
// records in memory, hands each turn's batch to the journal thread, and holds every output made
// while records are pending (tagged with the latest seq) until the thread posts "durable up to S".
// Holding per session, in order, keeps each connection's output in the order it was produced.
import Dispatch
import Foundation
import SwarmDomain

extension Server {
    /// Called by `commit` after the board accepted `m`: queues its journal record.
    func journal(_ m: Mutation, by actor: String) {
        durability.appendedSeq += 1
        durability.pending.append(JournalRecord(seq: durability.appendedSeq, at: now, agent: actor, mutation: m))
    }

    var storageRefusal: SwarmError? {
        guard let f = durability.failure else { return nil }
        return SwarmError("storage", "the data folder cannot be written (\(f)); changes are refused until it can")
    }

    /// End of turn: the batch goes to the journal thread (group commit); the loop does not wait.
    /// With fsync off the loop writes it itself and releases its output before this turn's sends.
    func submitJournal() {
        let d = durability
        guard !d.pending.isEmpty else { return }
        d.batch &+= 1
        if d.writer.fsync {
            d.writer.submit(.records(d.pending))
            d.pending.removeAll(keepingCapacity: true)
        } else {
            let written = d.writer.writeNow(d.pending)
            d.pending.removeAll(keepingCapacity: true)
            if let written { journalDurable(upTo: written) }
        }
    }

    /// The barrier: returns true when the output was held back (queued, but not sendable yet).
    func hold(_ bytes: [UInt8], to s: Session, ifLost: [UInt8]?) -> Bool {
        let d = durability
        guard mustHold(for: s) else { return false }
        guard fitsQueue(bytes.count, s) else { return true }
        s.output.append(bytes, heldUntil: d.appendedSeq, batch: d.batch, fate: d.commandChanged ? .durableOnly(ifLost: ifLost) : .always)
        if !s.inHeldList {
            s.inHeldList = true
            d.heldSessions.append(s)
        }
        return true
    }

    /// Output to `s` waits now: records are pending, or output already waits ahead of it.
    func mustHold(for s: Session) -> Bool { durability.hasPending || s.output.hasHeld }

    /// Posted by the journal thread, with how long its fsync took (nil with --fsync off).
    func journalDurable(upTo seq: UInt64, fsyncSeconds: Double? = nil) {
        if let t = fsyncSeconds { metrics.journalFsync.observe(t) }
        durability.durableSeq = max(durability.durableSeq, seq)
        releaseHeld(failedAfter: nil)
    }

    /// Between reads in a long turn: if the journal thread has made more records durable since
    /// the turn began, their output is released and sent now, not when its message is handled at
    /// the next turn. Why: under heavy fan-out a turn is ~20 ms of work, and every comment's
    /// copies waited one whole extra turn after their fsync; in a closed loop (fanB-max: 200
    /// agents in one room, 8 comments in flight each) that latency is the throughput.
    @discardableResult
    func releaseDurableMidTurn() -> Bool {
        let d = durability
        guard d.writer.fsync, !d.heldSessions.isEmpty else { return false }
        let durable = d.writer.lastDurable
        guard durable > d.durableSeq else { return false }
        d.durableSeq = durable
        releaseHeld(failedAfter: nil)
        flushDirty()
        return true
    }

    /// Makes held output that is now durable sendable; with `failedAfter`, resolves everything after it.
    func releaseHeld(failedAfter lost: UInt64?) {
        let d = durability
        let durable = d.durableSeq
        let sessionsNow = d.heldSessions
        d.heldSessions.removeAll(keepingCapacity: true)
        for s in sessionsNow {
            s.inHeldList = false
            // A closed connection's output goes with it (its fd number may already be reused).
            guard s.isOpen || s.isClosingAfterFlush else { continue }
            if let lost { s.output.resolve(failedAfter: lost) } else { s.output.release(upTo: durable) }
            if s.output.hasHeld {
                s.inHeldList = true
                d.heldSessions.append(s)
            }
            if s.output.hasSendable || (s.isClosingAfterFlush && !s.output.hasHeld) { markDirty(s) }
        }
    }

    /// Posted by the journal thread: records after `durableSeq` are not on disk and never will be.
    func journalFailed(durableSeq: UInt64, error: StorageError) {
        durability.failure = error
        durability.nextProbeAt = now + .seconds(1)
        if durability.snapshotInFlight {
            durability.revertPending = true
        } else {
            revert(to: durableSeq)
        }
    }

    /// Rolls the board back to what is on disk, so memory never holds an unacknowledged change.
    private func revert(to durable: UInt64) {
        durability.revertPending = false
        durability.pending.removeAll()
        if durability.appendedSeq > durable {
            do {
                let loaded = try DataFolder.load(durability.dir, files: durability.files)
                board = loaded.board
                alarms = Alarms(board: board, policy: config.policy, online: presence.online)
                log.warn("board rolled back to the data folder after a failed write",
                         ["durable_seq": durable, "lost_seq": durability.appendedSeq, "loaded_seq": loaded.lastSeq])
            } catch {
                log.error("cannot reload the data folder after a failed write; memory keeps unwritten changes", ["error": error])
            }
        }
        durability.appendedSeq = durable
        durability.durableSeq = durable
        durability.commandStartSeq = durable
        releaseHeld(failedAfter: durable)
    }

    func journalRecovered() {
        durability.failure = nil
    }

    /// From cron: probe a failed disk, or take a snapshot when due and something changed.
    func durabilityCron() {
        let d = durability
        if d.failure != nil {
            if now >= d.nextProbeAt {
                d.writer.submit(.probe)
                d.nextProbeAt = now + .seconds(1)
            }
            return
        }
        if !d.snapshotInFlight && d.appendedSeq > d.lastSnapshotSeq && now >= d.nextSnapshotAt {
            startSnapshot()
        }
    }

    /// Starts a snapshot now if none is running (benchmarks and tools).
    public func requestSnapshot() {
        if !durability.snapshotInFlight && durability.failure == nil { startSnapshot() }
    }

    public var lastSnapshotSeq: UInt64 { durability.lastSnapshotSeq }
    public func resetLongestTurn() { longestTurnNanos = 0 }

    /// Copies the board (O(1), copy-on-write) and writes it on a new thread.
    func startSnapshot() {
        let d = durability
        submitJournal()
        let seq = d.appendedSeq
        let copy = board
        d.writer.submit(.rotate(seq + 1))
        d.snapshotInFlight = true
        d.nextSnapshotAt = now + d.interval
        let done = DispatchSemaphore(value: 0)
        d.snapshotDone = done
        let (dir, files, writer, inbox) = (d.dir, d.files, d.writer, self.inbox)
        let failures = writer.failures
        let thread = Thread {
            ThreadName.set("swarmline-snap")
            // Background work: with nice 10 the scheduler gives the event loop about nine
            // tenths of a shared core, so encoding 200 MB does not show up as loop stalls.
            // (Linux nice values are per thread; `who` 0 is this thread.)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            let result = SnapshotWriter.run(copy, seq: seq, dir: dir, files: files, journal: writer, failuresBefore: failures)
            inbox.post { $0.snapshotFinished(seq: seq, result) }
            done.signal()
        }
        thread.start()
    }

    func snapshotFinished(seq: UInt64, _ r: SnapshotWriter.Result) {
        let d = durability
        d.snapshotInFlight = false
        d.snapshotDone = nil
        if r.written {
            metrics.snapshots += 1
            metrics.lastSnapshotSeconds = r.totalMillis / 1000
            metrics.lastSnapshotBytes = r.bytes
            metrics.lastSnapshotAt = now
            d.lastSnapshotSeq = max(d.lastSnapshotSeq, seq)
            log.info("snapshot written", ["seq": seq, "bytes": r.bytes, "write_ms": Int(r.writeMillis), "total_ms": Int(r.totalMillis)])
        } else if let e = r.error {
            metrics.snapshotFailures += 1
            log.error("snapshot failed; the journal still holds everything", ["seq": seq, "error": e])
        }
        if d.revertPending { revert(to: d.durableSeq) }
    }

    /// At exit: drain the journal, wait for a running snapshot, then write a final one.
    func closeDurability() {
        let d = durability
        submitJournal()
        d.writer.stopAndWait()
        d.snapshotDone?.wait()
        guard d.writer.isHealthy, d.writer.lastDurable == d.appendedSeq else {
            log.warn("no final snapshot: the journal could not be written; it holds what was acknowledged")
            return
        }
        guard d.appendedSeq > d.lastSnapshotSeq else { return }
        let r = SnapshotWriter.run(board, seq: d.appendedSeq, dir: d.dir, files: d.files, journal: nil, failuresBefore: 0)
        if r.written {
            log.info("final snapshot written", ["seq": d.appendedSeq, "bytes": r.bytes, "total_ms": Int(r.totalMillis)])
        } else {
            log.error("final snapshot failed; the journal still holds everything", ["error": r.error ?? "-"])
        }
    }
}
