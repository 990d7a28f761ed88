// Every command, declared once. Parsing, /help and the README reference all read these tables.
public enum CommandTable {
    static let slash: [CommandSpec] = numbered((sessionCommands + ticketCommands + roomCommands + ownershipCommands
                                                + lifecycleCommands + boardCommands + swarmCommands)
        .sorted { $0.name < $1.name }, from: 0)
    static let bang: [CommandSpec] = numbered(botCommands.sorted { $0.name < $1.name }, from: slash.count)
    /// Every command, `/` ones first; `all[spec.ordinal]` is `spec`.
    static let all: [CommandSpec] = slash + bang

    private static func numbered(_ specs: [CommandSpec], from first: Int) -> [CommandSpec] {
        specs.enumerated().map { i, spec in CommandSpec(spec, ordinal: first + i) }
    }

    static let slashIndex = CommandIndex(slash)
    static let bangIndex = CommandIndex(bang)
    static var slashByName: [String: CommandSpec] { slashIndex.byName }
    static var bangByName: [String: CommandSpec] { bangIndex.byName }

    /// The README's command reference, generated from the tables (`swarmline --commands-markdown`).
    public static func markdownReference() -> String {
        var out = ""
        for (title, specs) in [("Commands", slash), ("Bot commands", bang)] {
            out += "### \(title)\n\n| command | role | before /hello | what it does |\n|---|---|---|---|\n"
            for s in specs {
                let extra = s.details.isEmpty ? "" : "<br>" + s.details.joined(separator: "<br>")
                // A `|` inside a cell (`text|json`) would end the cell: GitHub tables take `\|`.
                let cells = ["`\(s.usage)`", s.role.rawValue, s.beforeHello ? "yes" : "no", s.summary + extra]
                    .map { String($0.flatMap { $0 == "|" ? ["\\", "|"] : [$0] }) }
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        return out
    }
}
