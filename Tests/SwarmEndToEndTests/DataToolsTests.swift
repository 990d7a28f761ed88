// `swarmline check DIR` and `swarmline export DIR`: offline, read-only, on a real data folder.
import Foundation
import Testing
import SwarmDomain
@testable import SwarmServer

@Suite struct DataToolsTests {
    /// A folder written by a real server: two tickets, comments, a claim and a resolution.
    static func folder() throws -> String {
        let server = try TestServer()
        server.keepData = true
        let alice = try server.agent("alice")
        _ = alice.command("/open P1 Mail relay | queue stuck")
        alice.send("queue at 40k messages")
        #expect(alice.status("/claim #1") == "OK claimed #1 (doing)")
        #expect(alice.status("/resolve #1 flushed the deferred queue") == "OK resolved #1")
        _ = alice.command("/open P4 Toner low on floor 2")
        return server.dataDir
    }

    @Test func check_AcceptsAGoodFolder_AndNamesTheFirstProblem() throws {
        let dir = try Self.folder()
        let good = DataTools.check(dir)
        #expect(good.status == 0 && good.text.hasPrefix("ok: 2 tickets"))
        // The server wrote a snapshot at shutdown; flip one byte inside it.
        let path = dir + "/board.json"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let bad = DataTools.check(dir)
        #expect(bad.status == 1)
        #expect(bad.text.hasPrefix("refused: board.json at byte "))
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == bytes)  // nothing repaired or rewritten
        #expect(DataTools.check(dir + "/nope").status == 1)
    }

    @Test func export_JSONIsTheBoard_MarkdownHasEveryTimeline() throws {
        let dir = try Self.folder()
        let json = try DataTools.export(dir, format: .json, now: Timestamp(seconds: 1_795_000_000))
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let tickets = try #require(obj["tickets"] as? [[String: Any]])
        #expect(tickets.count == 2 && tickets[0]["title"] as? String == "Mail relay | queue stuck")
        #expect(tickets[0]["resolution"] as? String == "flushed the deferred queue")
        let md = try DataTools.export(dir, format: .markdown, now: Timestamp(seconds: 1_795_000_000))
        #expect(md.contains("| #1 | P1 | resolved | alice | Mail relay \\| queue stuck |"))
        #expect(md.contains("| #2 | P4 | new | - | Toner low on floor 2 |"))
        let steps = ["`ticket.opened`: alice opened #1", "^1 **alice**: queue at 40k messages", "`ticket.claimed`", "`ticket.resolved`"]
        let positions = steps.compactMap { md.range(of: $0)?.lowerBound }
        #expect(positions.count == steps.count && positions == positions.sorted())
    }

    @Test func binary_ExitCodes() throws {
        let dir = try Self.folder()
        for (args, status) in [(["check", dir], Int32(0)), (["check", dir + "/missing"], 1), (["check"], 2),
                               (["export", dir, "--format", "yaml"], 2), (["export", dir, "--format=json"], 0)] {
            let (p, _, _) = try ProcessTests.launch(args)
            p.waitUntilExit()
            #expect(p.terminationStatus == status, "swarmline \(args.joined(separator: " "))")
        }
    }
}
