// The journal's own thread: group commit, so the event loop never waits for the disk.
//
// Contract, in order:
//  1. Each loop turn hands over the records it made (`submit(.records)`); the thread writes
//     everything queued as one write() and one fsync(), however many turns it covers.
//  2. Then it publishes S as `lastDurable` and posts "durable up to seq S" through the Inbox;
//     only then does the loop release the replies and events those records produced
//     (Server+Durability's output barrier): at the message, or earlier, between reads of a long
//     turn, when it sees `lastDurable` move.
//  3. On a failed write or fsync (ENOSPC, EIO) it cuts the file back to its last good length,
//     posts the failure and discards records until a `.probe` proves the disk writable again.
//     The loop meanwhile refuses changes (`ERR storage`) and rolls the board back to disk.
//  4. `.rotate(S)` starts journal-S.log after syncing the current file, so a snapshot holding
//     records < S can delete the older files once it is safely renamed into place.
//  5. Preallocation (fsync on): the file is zero-filled `preallocate` bytes ahead of its records,
//     and batches overwrite those zeros with pwrite(). An fdatasync() that only flushes
//     overwritten blocks need not commit the file system's metadata journal (the size did not
//     change), which on ext4 took the fsync's p50 from 0.25 to 0.18 ms idle and from 0.28 to
//     0.14 ms with both cores busy (a C loop of 2 KB writes). The zeros are written and synced
//     when a file is opened or started, then after a batch's durable message is posted whenever
//     less than a quarter of them is left.
//     Loading stops at the last non-zero byte (DataFolder.load).
//  6. With `--fsync off` there is nothing to wait for, so the loop writes each turn's records
//     itself (`writeNow`, like Redis's AOF write in beforeSleep) and releases their output in the
//     same turn: the round trip through this thread and the Inbox cost two cross-core wake-ups
//     per turn, which at a fixed 5,000 comments/s was most of the latency. Rotations and probes
//     still run here; the file state is shared under one lock (uncontended on the hot path).
import Dispatch
import Foundation
import Synchronization
import SwarmDomain

final class JournalWriter: Sendable {
    enum Op: Sendable {
        case records([JournalRecord])
        case rotate(UInt64)
        case probe
    }

    struct Shared {
        var ops: [Op] = []
        var stopping = false
        var rotatedTo: UInt64 = 0
        var failures = 0
        var failed = false
        var lastDurable: UInt64 = 0
    }

    /// The open journal file and what is being written to it: used by this thread and, with
    /// fsync off, by the loop's `writeNow`.
    struct FileState {
        var fid: FileID
        var name: String
        var start: UInt64
        var length: Int
        var lastSeq: UInt64
        var failed = false
        /// The file's size: zeros from `length` to here.
        var allocated: Int
        /// Extending failed (disk full): not tried again until the next file, or until a probe
        /// after a failed write finds room; the records alone still go.
        var allocationFailed = false
        var buffer: [UInt8] = []
        var bufferLast: UInt64 = 0
        /// How long the fsyncs since the last report took (for the metrics), if any ran.
        var fsyncSeconds: Double?
        let encoder = JournalLine.makeEncoder()
    }

    private let shared: Mutex<Shared>
    private let file: Mutex<FileState>
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let inbox: Inbox
    private let log: Log
    let dir: String
    let files: any FileLayer
    let fsync: Bool
    /// Bytes zero-filled ahead of the records at a time (0: none).
    let preallocate: Int

    init(opened: DataFolder.Opened, dir: String, files: any FileLayer, fsync: Bool, preallocate: Int,
         inbox: Inbox, log: Log) {
        self.dir = dir
        self.files = files
        self.fsync = fsync
        self.preallocate = fsync ? preallocate : 0
        self.inbox = inbox
        self.log = log
        var s = Shared()
        s.lastDurable = opened.loaded.lastSeq
        s.rotatedTo = DataFolder.journalStart(opened.journalName) ?? 0
        shared = Mutex(s)
        file = Mutex(FileState(fid: opened.journalFile, name: opened.journalName,
                               start: DataFolder.journalStart(opened.journalName) ?? 1,
                               length: opened.journalLength, lastSeq: opened.loaded.lastSeq,
                               allocated: max(opened.journalSize, opened.journalLength)))
        let thread = Thread { [self] in
            ThreadName.set("swarmline-jrnl")
            self.run()
            self.done.signal()
        }
        thread.start()
    }

    func submit(_ op: Op) {
        shared.withLock { $0.ops.append(op) }
        wake.signal()
    }

    /// fsync off only, on the loop: encodes and writes `records` now. Returns the seq now in the
    /// file, or nil when nothing was written (a failure is posted through the Inbox as usual).
    func writeNow(_ records: [JournalRecord]) -> UInt64? {
        file.withLock { st in
            append(records, to: &st)
            return flush(&st)
        }
    }

    /// Writes what is queued, then ends the thread.
    func stopAndWait() {
        shared.withLock { $0.stopping = true }
        wake.signal()
        done.wait()
        done.signal()
    }

    var failures: Int { shared.withLock { $0.failures } }
    var isHealthy: Bool { shared.withLock { !$0.failed } }
    var lastDurable: UInt64 { shared.withLock { $0.lastDurable } }

    /// For the snapshot thread: waits until the journal has rotated to `start` (true), or has
    /// failed since `failuresBefore` or stopped (false).
    func waitForRotation(to start: UInt64, failuresBefore: Int) -> Bool {
        while true {
            let (rotated, failures, stopping) = shared.withLock { ($0.rotatedTo, $0.failures, $0.stopping) }
            if rotated >= start { return true }
            if failures != failuresBefore || stopping { return false }
            usleep(2_000)
        }
    }

    private func fail(_ error: any Error, _ st: inout FileState) {
        st.failed = true
        st.buffer.removeAll()
        do {
            try files.truncate(st.fid, to: st.length, path: st.name)
            st.allocated = st.length
        } catch {
            log.error("journal cannot be cut back after a failed write; restart to recover", ["error": error])
        }
        let durable = st.lastSeq
        let why = (error as? StorageError) ?? StorageError("write", st.name, errno: EIO)
        shared.withLock { $0.failures += 1; $0.failed = true }
        log.error("journal write failed: refusing changes until the disk is writable", ["error": why, "durable_seq": durable])
        inbox.post { $0.journalFailed(durableSeq: durable, error: why) }
    }

    private func append(_ records: [JournalRecord], to st: inout FileState) {
        if st.failed { return }
        do {
            for r in records { try JournalLine.append(r, to: &st.buffer, with: st.encoder) }
            st.bufferLast = records.last?.seq ?? st.bufferLast
        } catch {
            fail(error, &st)
        }
    }

    /// Writes (and with fsync on, syncs) the buffer; returns the seq now durable, if it moved.
    @discardableResult
    private func flush(_ st: inout FileState) -> UInt64? {
        guard !st.buffer.isEmpty, !st.failed else { return nil }
        do {
            try files.write(st.fid, st.buffer[...], at: st.length, path: st.name)
            if fsync {
                let t0 = DispatchTime.now().uptimeNanoseconds
                try files.sync(st.fid, path: st.name)
                st.fsyncSeconds = (st.fsyncSeconds ?? 0) + Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            }
        } catch {
            fail(error, &st)
            return nil
        }
        st.length += st.buffer.count
        st.allocated = max(st.allocated, st.length)
        st.lastSeq = st.bufferLast
        st.buffer.removeAll(keepingCapacity: st.buffer.capacity < 1 << 20)
        let durable = st.lastSeq
        shared.withLock { $0.lastDurable = durable }
        return durable
    }

    private func run() {
        // Before the first batch, so the first fsyncs already find their blocks.
        if preallocate > 0 { file.withLock { extendIfLow(&$0) } }
        while true {
            wake.wait()
            let (ops, stopping) = shared.withLock { s in
                let ops = s.ops
                s.ops.removeAll()
                return (ops, s.stopping)
            }
            let (durable, fsyncTime): (UInt64?, Double?) = file.withLock { st in
                var durable: UInt64?
                for op in ops {
                    switch op {
                    case .records(let records):
                        append(records, to: &st)
                    case .rotate(let next):
                        rotate(to: next, &st, durable: &durable)
                    case .probe:
                        guard st.failed else { continue }
                        if probe() {
                            st.failed = false
                            st.allocationFailed = false
                            shared.withLock { $0.failed = false }
                            log.info("data folder writable again: accepting changes")
                            inbox.post { $0.journalRecovered() }
                        }
                    }
                }
                let d = flush(&st) ?? durable
                defer { st.fsyncSeconds = nil }
                return (d, st.fsyncSeconds)
            }
            if let durable { inbox.post { $0.journalDurable(upTo: durable, fsyncSeconds: fsyncTime) } }
            if stopping && shared.withLock({ $0.ops.isEmpty }) { break }
            if preallocate > 0 { file.withLock { extendIfLow(&$0) } }
        }
        file.withLock { st in
            close(&st)
        }
    }

    /// Zero-fills the next `preallocate` bytes when fewer than a quarter of them are left, and
    /// syncs them, so the batches after it overwrite blocks the file already has.
    private func extendIfLow(_ st: inout FileState) {
        guard !st.failed, !st.allocationFailed, st.allocated - st.length < preallocate / 4 else { return }
        let from = st.allocated
        let zeros = [UInt8](repeating: 0, count: min(preallocate, 65_536))
        do {
            var at = from
            while at < from + preallocate {
                let n = min(zeros.count, from + preallocate - at)
                try files.write(st.fid, zeros[..<n], at: at, path: st.name)
                at += n
            }
            try files.sync(st.fid, path: st.name)
            st.allocated = at
        } catch {
            // Give the space back: a full disk is for the records, and nothing past them counts.
            st.allocationFailed = true
            try? files.truncate(st.fid, to: from, path: st.name)
            log.warn("journal preallocation failed: batches extend the file instead", ["error": error, "file": st.name])
        }
    }

    /// Closes the journal file without its preallocated zeros (tidy for readers; loading
    /// ignores them either way).
    private func close(_ st: inout FileState) {
        if st.allocated > st.length && !st.failed {
            try? files.truncate(st.fid, to: st.length, path: st.name)
        }
        files.close(st.fid)
    }

    private func rotate(to next: UInt64, _ st: inout FileState, durable: inout UInt64?) {
        if st.failed || next == st.start {
            let start = st.start
            shared.withLock { $0.rotatedTo = max($0.rotatedTo, start) }
            return
        }
        if let d = flush(&st) { durable = d }
        if st.failed { return }
        let newName = DataFolder.journalName(startingAt: next)
        do {
            let f = try files.create(DataFolder.path(dir, newName))
            try files.syncDirectory(dir)
            close(&st)
            (st.fid, st.name, st.start, st.length, st.allocated, st.allocationFailed) = (f, newName, next, 0, 0, false)
            if preallocate > 0 { extendIfLow(&st) }
            shared.withLock { $0.rotatedTo = next }
        } catch {
            fail(error, &st)
        }
    }

    /// Proves the disk has room again: 64 KiB written and synced, then removed.
    private func probe() -> Bool {
        let path = DataFolder.path(dir, ".space-probe")
        do {
            let f = try files.create(path)
            defer { files.close(f); try? files.remove(path) }
            try files.write(f, [UInt8](repeating: 0, count: 65_536), path: path)
            try files.sync(f, path: path)
            return true
        } catch {
            return false
        }
    }
}
