// Connection-level commands: /hello /help /quit /ping /format.
import SwarmDomain

let sessionCommands: [CommandSpec] = [
    // /hello NAME [SECRET]
    CommandSpec("hello", [.word("NAME"), .text("SECRET", optional: true)], role: .observer, beforeHello: true,
                summary: "Say who you are: 1–32 letters, digits, - _ . (a name online elsewhere is refused). With --accounts, add your SECRET.",
                details: ["Reply: `OK hello NAME` (accounts mode: `OK hello NAME (ROLE)`); JSON data: `name`, `role`.",
                          "Open mode (no accounts file): any free name, role lead; a SECRET is ignored. A new name that differs from a known one only in case (`ALICE` once `alice` exists) is refused with `ERR name-in-use`.",
                          "What happened to you while offline (a handoff to you) arrives first, prefixed `while you were away:`; JSON data `notices` counts them.",
                          "Accounts mode: `ERR secret-required` without a SECRET; a wrong name or secret gets `ERR bad-login` after about a second (nothing else on the connection is read meanwhile); the 5th failure closes the connection."]) { ctx, args throws(SwarmError) in
        if let current = ctx.session.agent {
            throw SwarmError("already-hello", "you are already \(current) on this connection")
        }
        let name = args.text(0)!
        guard AgentName.isValid(name[...]) else {
            throw SwarmError("bad-name", "a name is 1–32 letters, digits, '-', '_' or '.'")
        }
        guard name.lowercased() != AgentName.bot else {
            throw SwarmError("name-in-use", "\(name) is the bot's name")
        }
        if ctx.server.accounts != nil {
            // The secret is checked off the loop; Server.finishLogin replies.
            try ctx.server.beginLogin(name, secret: args.text(1), &ctx)
            return
        }
        try ctx.server.admit(name, as: .lead, ctx.session, &ctx.reply, &ctx.events)
    },

    // /help [COMMAND]
    CommandSpec("help", [.word("COMMAND", optional: true)], role: .observer, beforeHello: true,
                summary: "List the commands you may run, or explain one.") { ctx, args throws(SwarmError) in
        try Help.answer(&ctx, topic: args.text(0), bot: false)
    },

    // /quit
    CommandSpec("quit", role: .observer, beforeHello: true, summary: "Say goodbye and close the connection.") { ctx, _ throws(SwarmError) in
        ctx.reply.message = "bye"
        ctx.server.closeAfterFlush(ctx.session, reason: "quit")
    },

    // /ping [TEXT]
    CommandSpec("ping", [.text("TEXT", optional: true)], role: .observer, beforeHello: true,
                summary: "Check the server answers: `OK pong [TEXT]`.") { ctx, args throws(SwarmError) in
        ctx.reply.message = args.text(0).map { "pong " + $0 } ?? "pong"
    },

    // /format text|json
    CommandSpec("format", [.choice(["text", "json"])], role: .observer, beforeHello: true,
                summary: "Switch this connection between text and JSON lines.",
                details: ["In JSON mode every line the server sends is one object; send `{\"id\": ANY, \"line\": \"/cmd …\"}` to get the id back."]) { ctx, args throws(SwarmError) in
        let format = Session.Format(rawValue: args.text(0)!)!
        ctx.session.format = format
        ctx.reply.message = "format \(format.rawValue)"
        ctx.reply.data = ["format": .string(format.rawValue)]
    },
]

enum Help {
    static func answer(_ ctx: inout CommandContext, topic: String?, bot: Bool) throws(SwarmError) {
        let table = bot ? CommandTable.bang : CommandTable.slash
        if let topic {
            let name = topic.lowercased().drop(while: { $0 == "/" || $0 == "!" })
            let spec = (bot ? CommandTable.bangByName : CommandTable.slashByName)[String(name)]
                ?? (bot ? CommandTable.slashByName : CommandTable.bangByName)[String(name)]
            guard let spec else {
                throw SwarmError("unknown-command", "no command \(topic); /help lists them")
            }
            ctx.reply.lines = [spec.usage, spec.summary] + spec.details
                + ["role: \(spec.role.rawValue)" + (spec.beforeHello ? ", works before /hello" : "")]
            ctx.reply.message = "help \(spec.prefix.rawValue)\(spec.name)"
            return
        }
        let role = ctx.session.agent == nil ? nil : ctx.session.role
        let visible = table.filter { spec in role.map { spec.role <= $0 } ?? spec.beforeHello }
        let width = min(30, (visible.map { $0.usage.count }.max() ?? 0) + 2)
        // A usage too long for the column keeps its line and the summary goes below it: a cut
        // usage would hide the very arguments someone asked /help for.
        ctx.reply.lines = visible.flatMap { spec in
            spec.usage.count < width ? [Columns.fit(spec.usage, width) + spec.summary]
                : [spec.usage, String(repeating: " ", count: width) + spec.summary]
        }
        ctx.reply.lines.append(bot ? "/help lists the server's commands." :
            "Lines not starting with / or ! are comments to your current room. !help lists the bot's commands.")
        ctx.reply.message = "\(visible.count) commands; \(bot ? "!" : "/")help NAME explains one"
    }
}
