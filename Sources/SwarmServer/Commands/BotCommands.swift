// The `!` commands answered by swarmbot.
import SwarmDomain

let botCommands: [CommandSpec] = [
    // !help [COMMAND]
    CommandSpec("help", [.word("COMMAND", optional: true)], prefix: .bang, role: .observer, beforeHello: true,
                summary: "List the bot's commands, or explain one.") { ctx, args throws(SwarmError) in
        try Help.answer(&ctx, topic: args.text(0), bot: true)
    },
]
