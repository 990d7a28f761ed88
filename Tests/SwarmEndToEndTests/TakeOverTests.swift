// Leads take over tickets someone owns; agents may not.
import Testing
@testable import SwarmServer

@Suite struct TakeOverEndToEndTests {
    @Test func lead_TakesOver_OldOwnerIsTold_AgentIsRefused() throws {
        let (server, _) = try TestServer.withAccounts()
        let owner = try server.login(TestAccounts.agent.0, TestAccounts.agent.1)
        let lead = try server.login(TestAccounts.lead.0, TestAccounts.lead.1)
        _ = owner.command("/open P2 Laptop will not boot")
        #expect(owner.status("/claim #1") == "OK claimed #1 (doing)")
        _ = owner.command("/leave #1")
        owner.skipReceived()
        #expect(lead.status("/claim #1").hasPrefix("ERR owned #1 is owned by agent1"))
        #expect(lead.status("/claim #1 take agent1 is off shift") == "OK took over #1 from agent1 (doing)")
        #expect(owner.readUntil { $0.hasSuffix("* boss took over #1 from agent1: agent1 is off shift") } != nil)
        #expect(owner.status("/claim #1 take mine again") == "ERR forbidden taking over a ticket someone owns needs role lead; you are agent")
        let show = lead.command("/show #1").joined(separator: "\n")
        #expect(show.contains("owner: boss"))
    }

    /// A take-over cancels a pending handoff: its receiver is told where they are, not left to
    /// meet `nothing-pending`.
    @Test func takeOver_WithdrawsAPendingOffer_AndTellsItsReceiver() throws {
        let server = try TestServer()
        let bob = try server.agent("bob")
        let carol = try server.agent("carol")
        let alice = try server.agent("alice")
        _ = bob.command("/open P2 Mail queue stuck")
        _ = bob.command("/claim #1")
        _ = bob.command("/handoff #1 carol you know exim")
        #expect(carol.readUntil { $0.contains("bob offers #1") } != nil)
        #expect(alice.status("/claim #1 take bob is busy with the outage") == "OK took over #1 from bob (doing)")
        #expect(carol.readUntil { $0.hasSuffix("alice took over #1 from bob: bob is busy with the outage; the offer to carol is withdrawn") } != nil)
        #expect(carol.status("/accept #1").hasPrefix("ERR nothing-pending"))
    }
}
