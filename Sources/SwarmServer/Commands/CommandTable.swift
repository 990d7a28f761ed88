// Every command, declared once. Parsing, /help and the README reference all read these tables.
enum CommandTable {
    static let slash: [CommandSpec] = (sessionCommands + ticketCommands + roomCommands)
        .sorted { $0.name < $1.name }
    static let bang: [CommandSpec] = botCommands.sorted { $0.name < $1.name }

    static let slashByName: [String: CommandSpec] = Dictionary(uniqueKeysWithValues: slash.map { ($0.name, $0) })
    static let bangByName: [String: CommandSpec] = Dictionary(uniqueKeysWithValues: bang.map { ($0.name, $0) })

    /// The README's command reference, generated from the tables (`swarmline --commands-markdown`).
    static func markdownReference() -> String {
        var out = ""
        for (title, specs) in [("Commands", slash), ("Bot commands", bang)] {
            out += "### \(title)\n\n| command | role | before /hello | what it does |\n|---|---|---|---|\n"
            for s in specs {
                let extra = s.details.isEmpty ? "" : "<br>" + s.details.joined(separator: "<br>")
                let row = "| `\(s.usage.tableSafe)` | \(s.role.rawValue) | \(s.beforeHello ? "yes" : "no") | \((s.summary + extra).tableSafe) |\n"
                out += row
            }
            out += "\n"
        }
        return out
    }
}

extension String {
    /// `|` escaped, so usages such as `text|json` do not split a Markdown table cell.
    var tableSafe: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}

extension CommandTable {
    public static var reference: String { markdownReference() }
}
