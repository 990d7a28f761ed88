// The journal file is zero-filled ahead of its records (fsync on), batches land in those zeros,
// and a copy of the folder taken at any moment loads every acknowledged comment.
import Foundation
import Glibc
import Synchronization
import Testing
@testable import SwarmServer
import SwarmDomain
import SwarmTestSupport

@Suite struct JournalPreallocationTests {
    /// The one journal file of `dir` (no snapshot runs: the clock does not move).
    private func journal(in dir: String) throws -> [UInt8] {
        let names = try PosixFileLayer().list(dir).filter { $0.hasPrefix("journal-") }
        try #require(names.count == 1, "\(names)")
        return readFile(DataFolder.path(dir, names[0]))
    }

    private func readFile(_ path: String) -> [UInt8] { (try? PosixFileLayer().read(path)) ?? [] }

    /// Where the records end: after the last LF.
    private func used(_ bytes: [UInt8]) -> Int { (bytes.lastIndex(of: 0x0A) ?? -1) + 1 }

    /// A copy of the folder's files as they are now, the way a crash or a backup would leave them.
    private func copy(_ dir: String) throws -> String {
        let to = Scratch.folder("copy")
        for name in try PosixFileLayer().list(dir) {
            writeFile(readFile(DataFolder.path(dir, name)), DataFolder.path(to, name))
        }
        return to
    }

    private func writeFile(_ bytes: [UInt8], _ path: String) { try? Data(bytes).write(to: URL(fileURLWithPath: path)) }

    private func comments(_ board: Board, _ ticket: Int) -> [String] { board.tickets[ticket - 1].comments.map(\.text) }

    @Test func batchesLandInZeroFilledSpace_AndACopyTakenWhileRunningLoadsThemAll() throws {
        let chunk = 4096
        var said: [String] = []
        let dir: String
        do {
            let server = try TestServer { $0.journalPreallocation = chunk }
            let running = server.dataDir
            let alice = try server.agent("alice")
            #expect(alice.status("/open P2 disk latency").hasPrefix("OK"))
            #expect(alice.status("/join #1").hasPrefix("OK"))
            for i in 0..<120 {
                said.append("comment \(i) " + String(repeating: "x", count: 1 + i % 40))
                #expect(alice.status("/say #1 \(said.last!)").hasPrefix("OK"))
            }
            // 120 comments are several chunks of records: each extension came before its chunk ran
            // out, a chunk at a time, so zeros follow the records and the size is whole chunks.
            var bytes: [UInt8] = []
            #expect(waitFor { bytes = (try? journal(in: running)) ?? []; return bytes.count - used(bytes) >= chunk / 4 })
            #expect(used(bytes) > 3 * chunk)
            #expect(bytes.count % chunk == 0, "size \(bytes.count)")
            #expect(bytes.count - used(bytes) <= chunk + chunk / 4)
            #expect(bytes[used(bytes)...].allSatisfy { $0 == 0 })

            let first = try DataFolder.load(try copy(running))
            #expect(first.tornTail == nil)
            #expect(comments(first.board, 1) == said)
            server.handle.inspect { $0.durability.writer.stopAndWait() }
            dir = try copy(running)  // as a crash would leave it: no final snapshot
        }
        // The stopped writer gave the space back; the next start appends where the records end.
        let afterStop = try journal(in: dir)
        #expect(afterStop.count == used(afterStop))
        let server = try TestServer { $0.dataDir = dir; $0.journalPreallocation = chunk }
        let bob = try server.agent("bob")
        #expect(bob.status("/join #1").hasPrefix("OK"))
        for i in 0..<30 {
            said.append("after restart \(i)")
            #expect(bob.status("/say #1 \(said.last!)").hasPrefix("OK"))
        }
        let bytes = try journal(in: dir)
        #expect(Array(bytes[..<afterStop.count]) == afterStop, "the records from before stay where they were")
        let second = try DataFolder.load(try copy(dir))
        #expect(second.tornTail == nil)
        #expect(comments(second.board, 1) == said)
    }

    /// A server killed with zeros after its records (not stopped): the start reads up to them
    /// and writes its next batch at the end of the records, not after the zeros.
    @Test func aStartAfterACrash_WritesIntoTheZeros() throws {
        let dir = Scratch.folder("prealloc")
        let source = try TestServer { $0.journalPreallocation = 8192 }
        let alice = try source.agent("alice")
        #expect(alice.status("/open P3 printer").hasPrefix("OK"))
        #expect(alice.status("/join #1").hasPrefix("OK"))
        #expect(alice.status("/say #1 before the crash").hasPrefix("OK"))
        var crashed: [UInt8] = []
        #expect(waitFor { crashed = (try? journal(in: source.dataDir)) ?? []; return crashed.count == 8192 })
        let name = try PosixFileLayer().list(source.dataDir).first { $0.hasPrefix("journal-") }!
        writeFile(crashed, DataFolder.path(dir, name))

        let server = try TestServer { $0.dataDir = dir; $0.journalPreallocation = 8192 }
        let bob = try server.agent("bob")
        #expect(bob.status("/join #1").hasPrefix("OK"))
        #expect(bob.status("/say #1 after the crash").hasPrefix("OK"))
        let bytes = try journal(in: dir)
        #expect(bytes.count == 8192, "no second allocation: the records fit the first")
        #expect(Array(bytes[..<used(crashed)]) == Array(crashed[..<used(crashed)]))
        #expect(!bytes[used(crashed)..<used(bytes)].contains(0), "no zeros between the old records and the new")
        #expect(comments(try DataFolder.load(try copy(dir)).board, 1) == ["before the crash", "after the crash"])
    }

    @Test func withFsyncOff_NothingIsPreallocated() throws {
        let server = try TestServer { $0.fsync = false; $0.journalPreallocation = 4096 }
        let alice = try server.agent("alice")
        #expect(alice.status("/open P3 no fsync").hasPrefix("OK"))
        #expect(alice.status("/join #1").hasPrefix("OK"))
        #expect(alice.status("/say #1 written by the loop").hasPrefix("OK"))
        let bytes = try journal(in: server.dataDir)
        #expect(bytes.count == used(bytes) && bytes.count > 0)
        #expect(comments(try DataFolder.load(try copy(server.dataDir)).board, 1) == ["written by the loop"])
    }

    /// No room for the zeros: a warning, the space given back, and the records still written
    /// (until they too find no room, which is the disk-full path).
    @Test func whenTheZerosDoNotFit_RecordsStillGo_AndTheAttemptIsLogged() throws {
        let files = SwitchableFileLayer()
        files.journalRoom.withLock { $0 = 3000 }
        let log = LogCapture()
        let server = try TestServer {
            $0.files = files
            $0.journalPreallocation = 65_536
            $0.log = Log(level: .warn, clock: $0.clock, sink: { log.append($0) })
        }
        let alice = try server.agent("alice")
        #expect(alice.status("/open P3 small disk").hasPrefix("OK"))
        #expect(alice.status("/join #1").hasPrefix("OK"))
        var acknowledged: [String] = []
        for i in 0..<40 {
            let text = "comment \(i)"
            let status = alice.status("/say #1 \(text)")
            if status.hasPrefix("ERR storage") { break }
            #expect(status.hasPrefix("OK"), "\(status)")
            acknowledged.append(text)
        }
        #expect(acknowledged.count >= 10, "the records fit the 3,000 bytes the zeros did not")
        #expect(acknowledged.count < 40, "and the disk then filled")
        #expect(log.all.contains { $0.contains("journal preallocation failed") && $0.contains("No space left") })
        let bytes = try journal(in: server.dataDir)
        #expect(bytes.count == used(bytes), "no zeros left behind")
        #expect(comments(try DataFolder.load(try copy(server.dataDir)).board, 1) == acknowledged)
    }
}
