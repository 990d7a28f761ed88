// What swarmbot says on its own initiative, as events: FAQ suggestions for a new ticket.
public enum Swarmbot {
    /// `bot.suggest` in the new ticket's room: up to 3 entries whose key, title or tags match
    /// its title; nil when none do (the bot stays quiet rather than guess).
    public static func suggestions(for ticket: Ticket, at now: Timestamp, in faq: KnowledgeBase, limit: Int = 3) -> Event? {
        let picks = faq.suggestions(for: ticket.title, limit: limit)
        guard !picks.isEmpty else { return nil }
        let list = picks.map { "!faq \($0.key) (\($0.title))" }.joined(separator: ", ")
        return Event("bot.suggest", to: .room(ticket.id), at: now, ticket: ticket.id, actor: AgentName.bot,
                     text: "maybe useful for \(ticket.id): \(list)",
                     fields: ["suggestions": .array(picks.map { .object(["key": .string($0.key), "title": .string($0.title)]) })])
    }
}
