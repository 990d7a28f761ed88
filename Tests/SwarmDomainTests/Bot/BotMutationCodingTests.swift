// The journal stores mutations as JSON: every mutation swarmbot's features add must survive a
// round trip, or a restart would lose (or repeat) what the bot did.
import Foundation
import Testing
@testable import SwarmDomain

@Suite struct BotMutationCodingTests {
    @Test func botMutations_RoundTripThroughJSON() throws {
        let one = TicketID(1)
        let entry = FAQEntry(key: "vpn", title: "VPN", answer: "reconnect", tags: ["net"], author: "swarmbot",
                             updatedAt: Timestamp(seconds: 5), helped: 2, notHelped: 1, source: "#1")
        let all: [Mutation] = [
            .faqAdd(key: "vpn", title: "VPN", answer: "a", tags: ["x"]), .faqEdit(key: "vpn", title: nil, answer: "b", tags: nil),
            .faqRemove(key: "vpn"), .faqFeedback(key: "vpn", helped: false),
            .faqPromote(key: "k", from: CommentID(3), to: CommentID(9)), .faqImport(entries: [entry]),
            .staleStep(ticket: one, level: 2, quietSince: Timestamp(seconds: 7), after: .minutes(30)),
            .slaAlert(ticket: one, clock: .firstResponse, level: .warning, target: .minutes(15)),
            .slaAlert(ticket: one, clock: .resolution, level: .breached, target: .hours(4)),
            .assign(ticket: one, agent: "bob", reason: "least loaded: bob owns 0 open tickets"),
            .faqPromoteTicket(ticket: one, key: "vpn-berlin"),
        ]
        let data = try JSONEncoder().encode(all)
        #expect(try JSONDecoder().decode([Mutation].self, from: data) == all)
    }
}
