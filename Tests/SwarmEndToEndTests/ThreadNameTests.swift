// The server's threads carry their names down to the kernel, where `top -H` and `ps -L` read them.
import Foundation
import Synchronization
import Testing
@testable import SwarmServer

@Suite struct ThreadNameTests {
    static func threadNames() -> Set<String> {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return Set(tasks.compactMap { tid in
            (try? String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        })
    }

    @Test func theLoopAndTheJournal_AreNamedForTheKernel() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        #expect(alice.status("/ping") == "OK pong")
        let names = Self.threadNames()
        #expect(names.contains("swarmline-loop"), "\(names.sorted())")
        #expect(names.contains("swarmline-jrnl"), "\(names.sorted())")
    }

    @Test func theSnapshotThread_IsNamedWhileItRuns() throws {
        // The snapshot thread lives only while it writes: its fsync is held, and looked at then.
        let files = SnapshotSyncGate()
        let server = try TestServer { $0.files = files }
        let alice = try server.agent("alice")
        _ = alice.status("/open P2 Snapshot me")
        server.handle.inspect { $0.startSnapshot() }
        #expect(waitFor { files.waiting.withLock { $0 } })
        let names = Self.threadNames()
        files.open()
        #expect(names.contains("swarmline-snap"), "\(names.sorted())")
    }
}

/// The real file layer, except that the snapshot's fsyncs wait until `open()`.
final class SnapshotSyncGate: FileLayer {
    let real = PosixFileLayer()
    private let gate = DispatchSemaphore(value: 0)
    private let opened = Mutex(false)
    let waiting = Mutex(false)

    func open() {
        opened.withLock { $0 = true }
        gate.signal()
    }

    func makeDirectory(_ path: String) throws(StorageError) { try real.makeDirectory(path) }
    func list(_ dir: String) throws(StorageError) -> [String] { try real.list(dir) }
    func exists(_ path: String) -> Bool { real.exists(path) }
    func read(_ path: String) throws(StorageError) -> [UInt8] { try real.read(path) }
    func create(_ path: String) throws(StorageError) -> FileID { try real.create(path) }
    func openAppend(_ path: String) throws(StorageError) -> (FileID, Int) { try real.openAppend(path) }
    func write(_ f: FileID, _ bytes: ArraySlice<UInt8>, path: String) throws(StorageError) { try real.write(f, bytes, path: path) }
    func write(_ f: FileID, _ bytes: ArraySlice<UInt8>, at offset: Int, path: String) throws(StorageError) {
        try real.write(f, bytes, at: offset, path: path)
    }
    func sync(_ f: FileID, path: String) throws(StorageError) {
        if path.hasSuffix(DataFolder.snapshotTempName), !opened.withLock({ $0 }) {
            waiting.withLock { $0 = true }
            gate.wait()
            gate.signal()
        }
        try real.sync(f, path: path)
    }
    func truncate(_ f: FileID, to size: Int, path: String) throws(StorageError) { try real.truncate(f, to: size, path: path) }
    func truncate(_ path: String, to size: Int) throws(StorageError) { try real.truncate(path, to: size) }
    func close(_ f: FileID) { real.close(f) }
    func rename(_ from: String, _ to: String) throws(StorageError) { try real.rename(from, to) }
    func link(_ existing: String, _ new: String) throws(StorageError) { try real.link(existing, new) }
    func remove(_ path: String) throws(StorageError) { try real.remove(path) }
    func syncDirectory(_ path: String) throws(StorageError) { try real.syncDirectory(path) }
}
