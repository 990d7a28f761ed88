// From a framed line to a command, a bot command or a comment, and back to one reply.
import SwarmDomain

extension Server {
    func handle(line bytes: [UInt8], from s: Session) {
        durability.commandStartSeq = durability.appendedSeq
        defer { durability.commandStartSeq = durability.appendedSeq }
        let text: String
        switch InputText.decode(bytes) {
        case .failure(let e):
            reply(Reply(error: e), command: nil, id: nil, to: s)
            return
        case .success(let t):
            text = t
        }
        if !s.sawFirstLine {
            s.sawFirstLine = true
            if InputText.looksLikeHTTP(text) {
                enqueue(Array("ERR not-http this is Swarmline's line-protocol port, not HTTP: connect with nc or telnet\r\n".utf8), to: s)
                closeAfterFlush(s, reason: "HTTP request on the line port")
                return
            }
        }
        var line = text
        var id: JSONValue?
        // Leading blanks too: a bot that indents its output must not post its requests as chat.
        if s.format == .json, line.utf8.first(where: { $0 != UInt8(ascii: " ") }) == UInt8(ascii: "{") {
            switch ClientRequest.decode(text) {
            case .failure(let bad):
                reply(Reply(error: bad.error), command: nil, id: bad.id, to: s)
                return
            case .success(let request):
                id = request.id ?? .null
                // `\u0000` decodes to NUL: refused as it is on a text line, not quietly dropped.
                if request.line.utf8.contains(0) {
                    reply(Reply(error: InputText.nulRefusal), command: nil, id: id, to: s)
                    return
                }
                line = InputText.sanitize(request.line)
            }
        }
        line = line.trimmingSpaces
        guard !line.isEmpty else {
            if id != nil { reply(Reply(error: SwarmError("usage", "the line is empty")), command: nil, id: id, to: s) }
            return
        }
        switch line.utf8.first {
        case UInt8(ascii: "/"): runCommand(line, table: CommandTable.slashByName, prefix: "/", from: s, id: id)
        case UInt8(ascii: "!"): runCommand(line, table: CommandTable.bangByName, prefix: "!", from: s, id: id)
        default: postComment(line, from: s, id: id)
        }
    }

    private func runCommand(_ line: String, table: [String: CommandSpec], prefix: String, from s: Session, id: JSONValue?) {
        // The prefix is one ASCII byte: dropping it by index skips grapheme breaking.
        let body = line[line.utf8.index(after: line.startIndex)...]
        let nameEnd = ArgumentParser.firstBlank(body)
        let typed = body[..<nameEnd]
        let name = typed.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") || $0 >= 0x80 })
            ? typed.lowercased() : String(typed)
        guard let spec = table[name] else {
            let hint = prefix == "/" ? "type /help for the list" : "type !help for the bot's commands"
            let shown = String(body[..<nameEnd].prefix(32))
            metrics.unknownCommands += 1
            reply(Reply(error: SwarmError("unknown-command", "\(prefix)\(shown) is not a command; \(hint)")),
                  command: nil, id: id, to: s)
            return
        }
        metrics.commandCounts[spec.ordinal] += 1
        var ctx = CommandContext(server: self, session: s)
        ctx.requestID = id
        do {
            try authorize(spec, s)
            let args = try ArgumentParser.parse(body[nameEnd...], for: spec)
            try spec.run(&ctx, args)
        } catch {
            ctx.reply.error = error
        }
        deliver(ctx.events, skipping: s.agent)
        deliver(ctx.botEvents, skipping: nil)
        if !ctx.replyLater || ctx.reply.error != nil {
            reply(ctx.reply, command: spec.name, id: id, to: s)
        }
    }

    /// The runner's checks, in order: hello done, then role. Handlers can rely on both.
    private func authorize(_ spec: CommandSpec, _ s: Session) throws(SwarmError) {
        if s.agent == nil && !spec.beforeHello {
            throw SwarmError("hello-first", "say /hello NAME first")
        }
        if s.agent != nil && s.role < spec.role {
            throw SwarmError("forbidden", "\(spec.prefix.rawValue)\(spec.name) needs role \(spec.role.rawValue); you are \(s.role.rawValue)")
        }
    }

    /// A line that is not a command: a comment to the agent's current room. Quiet on success in
    /// text mode (the author sees their own line already); a JSON request with an id gets a reply.
    private func postComment(_ text: String, from s: Session, id: JSONValue?) {
        var r = Reply()
        do {
            guard let agent = s.agent else { throw SwarmError("hello-first", "say /hello NAME first, then /join #N to talk in a ticket's room") }
            guard s.role >= .agent else { throw SwarmError("forbidden", "commenting needs role agent; you are \(s.role.rawValue)") }
            guard let room = presence.currentRoom(of: agent) else {
                throw SwarmError("no-room", "you are in no room: /join #N or /open P1..P4 TITLE first, or start commands with /")
            }
            let outcome = try commit(.comment(ticket: room, text: text), by: agent)
            deliver(outcome.events, skipping: agent)
            r.message = ASCII.posted(outcome.comment!, to: room)
            r.data = ["ticket": .int(room.value), "comment": .int(outcome.comment!.value)]
        } catch let e as SwarmError {
            r.error = e
        } catch {
            r.error = SwarmError("internal", "\(error)")
        }
        if r.error != nil || id != nil {
            reply(r, command: nil, id: id, to: s)
        } else if durability.appendedSeq > durability.commandStartSeq {
            // Quiet success: nothing to send, but if the write fails the author must hear it.
            enqueue([], to: s, ifLost: lostReply(command: nil, id: id, for: s))
        }
    }

    /// Applies a mutation to the board. Persistence hooks in here: everything that changes the
    /// board passes through this one function.
    func commit(_ m: Mutation, by actor: String) throws(SwarmError) -> Outcome {
        if let refusal = storageRefusal { throw refusal }
        try checkLimits(m)
        let outcome = try board.apply(m, by: actor, at: now, policy: config.policy)
        journal(m, by: actor)
        return outcome
    }

    static let notWritten = SwarmError("storage", "the change could not be written to disk and was not made")
    /// Text mode's fallback has no id or command in it: rendered once, not once per change.
    static let notWrittenText = TextRenderer.reply(Reply(error: notWritten))

    func reply(_ r: Reply, command: String?, id: JSONValue?, to s: Session) {
        if let e = r.error { metrics.errors[e.code, default: 0] += 1 }
        // A reply to a change carries its fallback: sent instead if the record never reaches disk.
        let ifLost = durability.appendedSeq > durability.commandStartSeq ? lostReply(command: command, id: id, for: s) : nil
        enqueue(render(r, command: command, id: id, for: s), to: s, ifLost: ifLost)
    }

    func lostReply(command: String?, id: JSONValue?, for s: Session) -> [UInt8] {
        s.format == .text ? Server.notWrittenText : render(Reply(error: Server.notWritten), command: command, id: id, for: s)
    }

    func render(_ r: Reply, command: String?, id: JSONValue?, for s: Session) -> [UInt8] {
        switch s.format {
        case .text: TextRenderer.reply(r)
        case .json: JSONRenderer.reply(r, command: command, id: id)
        }
    }

    func send(notice: String, to s: Session) {
        switch s.format {
        case .text: enqueue(TextRenderer.notice(notice), to: s)
        case .json: enqueue(JSONRenderer.notice(notice), to: s)
        }
    }
}
