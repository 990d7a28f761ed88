// Durability through a real server: restart round trips, replies only after fsync, disk full.
import Foundation
import Glibc
import Synchronization
import Testing
@testable import SwarmServer
import SwarmDomain
import SwarmTestSupport

/// The real file layer with switches: `full` makes journal and probe writes fail with ENOSPC,
/// `journalRoom` does so for journal writes that would reach past that many bytes of the file,
/// `gated` makes fsync of journal files (`gatedSnapshot`: of the snapshot) block until the test
/// opens `gate`.
final class SwitchableFileLayer: FileLayer {
    let real = PosixFileLayer()
    let full = Mutex(false)
    let journalRoom = Mutex<Int?>(nil)
    let gated = Mutex(false)
    let gatedSnapshot = Mutex(false)
    let gate = DispatchSemaphore(value: 0)
    let syncsWaiting = Mutex(0)

    func makeDirectory(_ path: String) throws(StorageError) { try real.makeDirectory(path) }
    func list(_ dir: String) throws(StorageError) -> [String] { try real.list(dir) }
    func exists(_ path: String) -> Bool { real.exists(path) }
    func read(_ path: String) throws(StorageError) -> [UInt8] { try real.read(path) }
    func create(_ path: String) throws(StorageError) -> FileID { try real.create(path) }
    func openForWriting(_ path: String) throws(StorageError) -> (FileID, Int) { try real.openForWriting(path) }
    func write(_ f: FileID, _ bytes: ArraySlice<UInt8>, path: String) throws(StorageError) {
        if full.withLock({ $0 }) {
            // Like a real full disk: part of the bytes may land before ENOSPC.
            try? real.write(f, bytes.prefix(bytes.count / 3), path: path)
            throw StorageError("write", path, errno: ENOSPC)
        }
        try real.write(f, bytes, path: path)
    }
    func write(_ f: FileID, _ bytes: ArraySlice<UInt8>, at offset: Int, path: String) throws(StorageError) {
        let room = path.contains("journal-") ? journalRoom.withLock({ $0 }) : nil
        if full.withLock({ $0 }) || room.map({ offset + bytes.count > $0 }) == true {
            try? real.write(f, bytes.prefix(max(0, min(bytes.count / 3, (room ?? .max) - offset))), at: offset, path: path)
            throw StorageError("write", path, errno: ENOSPC)
        }
        try real.write(f, bytes, at: offset, path: path)
    }
    func sync(_ f: FileID, path: String) throws(StorageError) {
        if (path.contains("journal-") && gated.withLock({ $0 }))
            || (path.hasSuffix(DataFolder.snapshotTempName) && gatedSnapshot.withLock({ $0 })) {
            syncsWaiting.withLock { $0 += 1 }
            gate.wait()
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

@Suite struct DurabilityTests {
    static func folder() -> String {
        Scratch.path("e2e")
    }

    @Test func restart_RestoresTheWholeBoard_FromJournalAndFromSnapshot() throws {
        let dir = Self.folder()
        var before: Board
        do {
            let server = try TestServer { $0.dataDir = dir }
            let alice = try server.agent("alice")
            let bob = try server.agent("bob")
            #expect(alice.status("/open P1 printer on fire").hasPrefix("OK"))
            #expect(bob.status("/open P3 vpn").hasPrefix("OK"))
            #expect(bob.status("/join #1").hasPrefix("OK"))
            #expect(bob.status("/say #1 first").hasPrefix("OK"))
            before = server.handle.inspect { $0.board }
            // Killed without a final snapshot: the journal alone must restore it.
            server.handle.inspect { $0.durability.writer.stopAndWait() }
        }
        var after = try TestServer { $0.dataDir = dir }
        #expect(after.handle.inspect { $0.board } == before)
        // A snapshot (from cron) then more changes: snapshot + journal tail.
        let carol = try after.agent("carol")
        #expect(carol.status("/join #2").hasPrefix("OK"))
        after.clock.advance(.seconds(31))
        #expect(waitFor { after.handle.inspect { $0.durability.lastSnapshotSeq } > 0 })
        #expect(carol.status("/say #2 after the snapshot").hasPrefix("OK"))
        before = after.handle.inspect { $0.board }
        after.handle.stop()
        after = try TestServer { $0.dataDir = dir }
        #expect(after.handle.inspect { $0.board } == before)
        #expect(before.tickets[1].comments.map(\.text) == ["after the snapshot"])
    }

    @Test func reply_IsSentOnlyAfterItsRecordIsDurable() throws {
        let files = SwitchableFileLayer()
        let server = try TestServer { $0.files = files }
        let alice = try server.agent("alice")
        files.gated.withLock { $0 = true }
        alice.send("/open P2 waits for the disk")
        #expect(waitFor { files.syncsWaiting.withLock { $0 } == 1 })
        #expect(alice.nextLine(timeout: 0.3) == nil, "no reply while the fsync is blocked")
        // Reads queue behind it, in order.
        alice.send("/ping")
        #expect(alice.nextLine(timeout: 0.2) == nil)
        files.gated.withLock { $0 = false }
        files.gate.signal()
        #expect(alice.nextLine()?.hasPrefix("OK opened #1") == true)
        #expect(alice.reply().last?.hasPrefix("OK") == true)
    }

    @Test func diskFull_RefusesChanges_KeepsReads_RecoversWhenSpaceReturns() throws {
        let dir = Self.folder()
        let files = SwitchableFileLayer()
        let server = try TestServer { $0.dataDir = dir; $0.files = files }
        let alice = try server.agent("alice")
        #expect(alice.status("/open P1 written").hasPrefix("OK"))
        try Self.fillTheDisk_ThenFreeIt(server, files, alice, dir: dir, first: "written")
    }

    /// The disk fills after one ticket: changes get `ERR storage`, reads work, memory holds only
    /// what was written; once space returns (the probe runs within the 2 s advanced), writes work
    /// again and a restart shows exactly the acknowledged tickets.
    static func fillTheDisk_ThenFreeIt(_ server: TestServer, _ files: SwitchableFileLayer, _ alice: TestClient,
                                       dir: String, first: String) throws {
        files.full.withLock { $0 = true }
        #expect(alice.status("/open P1 never written").hasPrefix("ERR storage"))
        #expect(alice.status("/open P1 also refused").hasPrefix("ERR storage"))
        #expect(alice.status("/tickets").hasPrefix("OK"), "reads keep working")
        #expect(server.handle.inspect { $0.board.ticketCount } == 1, "memory holds nothing unwritten")
        files.full.withLock { $0 = false }
        server.clock.advance(.seconds(2))
        #expect(waitFor { server.handle.inspect { $0.durability.failure == nil } })
        #expect(alice.status("/open P1 written again").hasPrefix("OK opened #2"))
        server.handle.stop()
        let restarted = try TestServer { $0.dataDir = dir }
        #expect(restarted.handle.inspect { $0.board.tickets.map(\.title) } == [first, "written again"])
    }

    /// With fsync off the loop writes records itself: an OK still means the record is in the
    /// journal file (handed to the kernel), and a failed write still turns into ERR storage.
    @Test func fsyncOff_OKMeansTheRecordIsWritten_AndDiskFullIsStillRefused() throws {
        let dir = Self.folder()
        let files = SwitchableFileLayer()
        let server = try TestServer { $0.dataDir = dir; $0.files = files; $0.fsync = false }
        let alice = try server.agent("alice")
        #expect(alice.status("/open P1 written before the reply").hasPrefix("OK opened #1"))
        let journal = try #require(try PosixFileLayer().list(dir).first { $0.hasPrefix("journal-") })
        let bytes = try PosixFileLayer().read(DataFolder.path(dir, journal))
        #expect(String(decoding: bytes, as: UTF8.self).contains("written before the reply"))
        try Self.fillTheDisk_ThenFreeIt(server, files, alice, dir: dir, first: "written before the reply")
    }

    /// The same on a real 256 KiB tmpfs, where the machine allows mounting one (root in a
    /// container usually may; skipped otherwise). Without preallocation the disk refuses the
    /// first record once it is full; 64 KiB of zeros written ahead keep the journal going into
    /// them after the disk fills, about 64 KiB of records' worth, and only then refuse.
    @Test(.enabled(if: TinyDisk.canMount, "mount -t tmpfs is not permitted here"), arguments: [0, 65_536])
    func diskFull_OnARealTinyTmpfs(preallocation: Int) throws {
        let disk = try TinyDisk()
        defer { disk.unmount() }
        let dir = disk.path + "/data"
        let server = try TestServer { $0.dataDir = dir; $0.journalPreallocation = preallocation }
        let alice = try server.agent("alice")
        #expect(alice.status("/open P1 before").hasPrefix("OK"))
        disk.fill()
        var refused = false
        var acceptedWhileFull = 0
        for i in 0..<600 where !refused {
            let status = alice.status("/say #1 filler \(i) " + String(repeating: "x", count: 150))
            refused = status.hasPrefix("ERR storage")
            #expect(refused || status.hasPrefix("OK"), "\(status)")
            if !refused { acceptedWhileFull += 1 }
        }
        #expect(refused)
        if preallocation == 0 {
            #expect(acceptedWhileFull < 30, "\(acceptedWhileFull)")
        } else {
            // Each record is about 250 bytes.
            #expect(acceptedWhileFull > 150 && acceptedWhileFull < 400, "\(acceptedWhileFull)")
        }
        #expect(alice.status("/tickets").hasPrefix("OK"))
        disk.free()
        server.clock.advance(.seconds(2))
        #expect(waitFor { server.handle.inspect { $0.durability.failure == nil } })
        #expect(alice.status("/open P1 after").hasPrefix("OK"))
        let board = server.handle.inspect { $0.board }
        #expect(board.tickets.map(\.title) == ["before", "after"])
        #expect(board.tickets[0].comments.count == acceptedWhileFull)
        server.handle.stop()
        let again = try TestServer { $0.dataDir = dir }
        #expect(again.handle.inspect { $0.board } == board)
    }
}

struct TinyDisk {
    let path: String

    static let canMount: Bool = {
        guard let d = try? TinyDisk() else { return false }
        d.unmount()
        return true
    }()

    init() throws {
        path = Scratch.folder("tiny")
        guard mount("tmpfs", path, "tmpfs", 0, "size=256k") == 0 else {
            throw SystemError("mount tmpfs", errno: errno)
        }
    }

    /// Fills the disk, leaving a few bytes.
    func fill() {
        let fd = open(path + "/filler", O_WRONLY | O_CREAT, 0o644)
        let chunk = [UInt8](repeating: 7, count: 4096)
        while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, 4096) }) == 4096 {}
        close(fd)
    }

    func free() { unlink(path + "/filler") }
    func unmount() {
        umount(path)
        rmdir(path)
    }
}
