// Scripts/demo.sh plays a whole incident against the real binary; CI runs it here.
import Foundation
import Testing

@Suite struct DemoScriptTests {
    @Test func demoIncident_RunsToTheEnd_WithEveryStepInTheTranscript() throws {
        let run = try ScriptRun("demo.sh")
        let text = run.output
        #expect(run.status == 0, "demo failed:\n\(text)")
        for step in ["alice | [#1 ", "* pagerbot opened #1 P1: VPN down", "\"event\":\"ticket.resolved\"", "alice | OK joined #1", "bob | OK joined the swarm on #1",
                     "alice | OK claimed #1 (doing)", "bob | OK you own #1 now", "bob | OK resolved #1",
                     "`ticket.handoff`: alice offers #1", "msg=\"final snapshot written\""] {
            #expect(text.contains(step), "transcript lacks \(step)")
        }
    }
}

/// The package root, from this file's place in Tests/.
func ReadmeTests_root() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
