// Backups of a running server with Scripts/backup, and what an older build does with a newer
// snapshot format.
import Foundation
import Testing
import SwarmDomain
@testable import SwarmServer
import SwarmTestSupport

@Suite struct BackupTests {
    /// Copies taken while comments are acknowledged and snapshots finish underneath: every copy
    /// loads, and holds a gap-free prefix of the acknowledged comments.
    @Test func backupsTakenDuringWritesAndSnapshots_AllLoad_WithAPrefixOfTheComments() throws {
        let server = try TestServer()
        let opener = try server.agent("opener")
        #expect(opener.status("/open P3 Backup drill") == "OK opened #1")
        let handle = server.handle
        let port = server.port
        let acknowledged = LockedValue(0)
        let done = LockedValue(false)
        let writer = Thread {
            defer { done.set(true) }
            guard let c = try? TestClient(port: port) else { return }
            _ = c.nextLine()
            _ = c.status("/hello writer")
            _ = c.status("/join #1")
            for i in 1...300 {
                guard c.status("/say #1 c\(i)").hasPrefix("OK") else { return }
                acknowledged.set(i)
                if i % 10 == 0 { handle.inspect { $0.requestSnapshot() } }
            }
        }
        writer.start()

        var copies = 0
        while !done.get() || copies < 5 {
            let floor = acknowledged.get()
            let dest = Scratch.path("backup")
            defer { try? FileManager.default.removeItem(atPath: dest) }
            let run = try ScriptRun("backup", [server.dataDir, dest], environment: ["PATH": "/usr/bin:/bin"])
            let text = run.output
            #expect(run.status == 0 && text.hasPrefix("ok: 1 tickets"), "backup \(copies): \(text)")
            let board = try DataFolder.load(dest).board
            let texts = try board.ticket(TicketID(1)).comments.map(\.text)
            #expect(texts == (0..<texts.count).map { "c\($0 + 1)" }, "copy \(copies) is not a prefix")
            #expect(texts.count >= floor, "copy \(copies) lost acknowledged comments")
            copies += 1
        }
        #expect(acknowledged.get() == 300)
        #expect(server.handle.inspect { $0.lastSnapshotSeq } > 0)
    }

    /// A board.json from a newer build (the next format) is refused, naming the format, and
    /// nothing is changed: by `swarmline check` and by the server at start (exit 2).
    @Test func newerSnapshotFormat_IsRefused_AndLeftAlone() throws {
        let dir = try DataToolsTests.folder()
        let path = dir + "/board.json"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let current = SnapshotFile.format, next = SnapshotFile.format + 1
        let old = Array(#""format":\#(current),"#.utf8), new = Array(#""format":\#(next),"#.utf8)
        let at = try #require((0...(bytes.count - old.count)).first { Array(bytes[$0..<$0 + old.count]) == old })
        bytes.replaceSubrange(at..<at + old.count, with: new)
        // A valid checksum for the changed file, as the newer build would have written it.
        let start = SnapshotFile.prefix.count
        bytes.replaceSubrange(start..<start + 8, with: SnapshotFile.placeholder)
        let crc = CRC32.checksum(bytes)
        for i in 0..<8 { bytes[start + i] = JournalLine.hex[Int((crc >> UInt32(28 - 4 * i)) & 0xF)] }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let check = DataTools.check(dir)
        #expect(check.status == 1)
        #expect(check.text.contains("format \(next) is not supported: this build reads formats 1 to \(current)"))
        let (p, _, err) = try ProcessTests.launch(["--port", "0", "--data-dir", dir])
        p.waitUntilExit()
        #expect(p.terminationStatus == 2)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("format \(next) is not supported"))
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
        try? FileManager.default.removeItem(atPath: dir)
    }
}
