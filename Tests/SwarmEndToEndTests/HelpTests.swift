// /help as people read it: every command they may run, its usage whole, its summary.
import Testing
import SwarmDomain
@testable import SwarmServer

@Suite struct HelpTests {
    @Test func helpList_ShowsEveryUsageWhole_EvenWhenLongerThanTheColumn() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        for (line, table) in [("/help", CommandTable.slash), ("!help", CommandTable.bang)] {
            let reply = alice.command(line)
            #expect(reply.last?.hasPrefix("OK \(table.count) commands") == true)
            for spec in table {
                // The usage stands at the start of its line, followed by the summary on the same
                // line or, for a long usage, on the next one.
                guard let i = reply.firstIndex(where: { $0 == "  " + spec.usage || $0.hasPrefix("  " + spec.usage + " ") }) else {
                    Issue.record("\(spec.usage) is not whole in \(line)")
                    continue
                }
                let sameLine = reply[i].hasSuffix(spec.summary)
                let nextLine = i + 1 < reply.count && reply[i + 1].trimmingCharacters(in: .whitespaces) == spec.summary
                #expect(sameLine || nextLine, "\(spec.usage): summary missing")
            }
        }
    }

    @Test func helpOnOneCommand_GivesUsageSummaryDetailsAndRole() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        let reply = alice.command("/help claim")
        let spec = try #require(CommandTable.slashByName["claim"])
        #expect(reply.last == "OK help /claim")
        #expect(reply.first == "  " + spec.usage)
        #expect(reply.contains("  role: agent"))
        #expect(alice.status("/help nosuch") == "ERR unknown-command no command nosuch; /help lists them")
    }
}
