// The journal's own thread: group commit, so the event loop never waits for the disk.
//
// Contract, in order:
//  1. Each loop turn hands over the records it made (`submit(.records)`); the thread writes
//     everything queued as one write() and one fsync(), however many turns it covers.
//  2. Then it posts "durable up to seq S" through the Inbox; only then does the loop release the
//     replies and events those records produced (Server+Durability's output barrier).
//  3. On a failed write or fsync (ENOSPC, EIO) it cuts the file back to its last good length,
//     posts the failure and discards records until a `.probe` proves the disk writable again.
//     The loop meanwhile refuses changes (`ERR storage`) and rolls the board back to disk.
//  4. `.rotate(S)` starts journal-S.log after syncing the current file, so a snapshot holding
//     records < S can delete the older files once it is safely renamed into place.
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

    private let shared: Mutex<Shared>
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    let dir: String
    let files: any FileLayer
    let fsync: Bool

    init(opened: DataFolder.Opened, dir: String, files: any FileLayer, fsync: Bool, inbox: Inbox, log: Log) {
        self.dir = dir
        self.files = files
        self.fsync = fsync
        var s = Shared()
        s.lastDurable = opened.loaded.lastSeq
        s.rotatedTo = DataFolder.journalStart(opened.journalName) ?? 0
        shared = Mutex(s)
        let thread = Thread { [self] in
            self.run(opened: opened, inbox: inbox, log: log)
            self.done.signal()
        }
        thread.name = "swarmline-journal"
        thread.start()
    }

    func submit(_ op: Op) {
        shared.withLock { $0.ops.append(op) }
        wake.signal()
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

    private func run(opened: DataFolder.Opened, inbox: Inbox, log: Log) {
        var fid = opened.journalFile
        var name = opened.journalName
        var start = DataFolder.journalStart(name) ?? 1
        var length = opened.journalLength
        var lastSeq = opened.loaded.lastSeq
        var failed = false
        let encoder = JournalLine.makeEncoder()
        var buffer: [UInt8] = []
        var bufferLast: UInt64 = 0

        func fail(_ error: any Error) {
            failed = true
            buffer.removeAll()
            do {
                try files.truncate(fid, to: length, path: name)
            } catch {
                log.error("journal cannot be cut back after a failed write; restart to recover", ["error": error])
            }
            let durable = lastSeq
            let why = (error as? StorageError) ?? StorageError("write", name, errno: EIO)
            shared.withLock { $0.failures += 1; $0.failed = true }
            log.error("journal write failed: refusing changes until the disk is writable", ["error": why, "durable_seq": durable])
            inbox.post { $0.journalFailed(durableSeq: durable, error: why) }
        }

        func flush() {
            guard !buffer.isEmpty, !failed else { return }
            do {
                try files.write(fid, buffer, path: name)
                if fsync { try files.sync(fid, path: name) }
            } catch {
                fail(error)
                return
            }
            length += buffer.count
            lastSeq = bufferLast
            buffer.removeAll(keepingCapacity: buffer.capacity < 1 << 20)
            let durable = lastSeq
            shared.withLock { $0.lastDurable = durable }
            inbox.post { $0.journalDurable(upTo: durable) }
        }

        while true {
            wake.wait()
            let (ops, stopping) = shared.withLock { s in
                let ops = s.ops
                s.ops.removeAll()
                return (ops, s.stopping)
            }
            for op in ops {
                switch op {
                case .records(let records):
                    if failed { continue }
                    do {
                        for r in records { try JournalLine.append(r, to: &buffer, with: encoder) }
                        bufferLast = records.last?.seq ?? bufferLast
                    } catch {
                        fail(error)
                    }
                case .rotate(let next):
                    if failed || next == start { shared.withLock { $0.rotatedTo = max($0.rotatedTo, start) }; continue }
                    flush()
                    if failed { continue }
                    let newName = DataFolder.journalName(startingAt: next)
                    do {
                        let f = try files.create(DataFolder.path(dir, newName))
                        try files.syncDirectory(dir)
                        files.close(fid)
                        (fid, name, start, length) = (f, newName, next, 0)
                        shared.withLock { $0.rotatedTo = next }
                    } catch {
                        fail(error)
                    }
                case .probe:
                    guard failed else { continue }
                    if probe() {
                        failed = false
                        shared.withLock { $0.failed = false }
                        log.info("data folder writable again: accepting changes")
                        inbox.post { $0.journalRecovered() }
                    }
                }
            }
            flush()
            if stopping && shared.withLock({ $0.ops.isEmpty }) { break }
        }
        files.close(fid)
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
