// From a framed line to a command, a bot command or a comment, and back to one reply.
import SwarmDomain

extension Server {
    /// One line as framed, valid only during the call.
    func handle(line raw: UnsafeBufferPointer<UInt8>, from s: Session) {
        durability.commandStartSeq = durability.appendedSeq
        defer { durability.commandStartSeq = durability.appendedSeq }
        // Most lines are printable ASCII, with nothing to clean: they are dispatched on their
        // own bytes, and a String is built only for what keeps one (a comment, a TEXT argument).
        if InputText.isPrintableASCII(raw) {
            handle(clean: raw, from: s)
            return
        }
        switch InputText.decode(Array(raw)) {
        case .failure(let e):
            reply(Reply(error: e), command: nil, id: nil, to: s)
        case .success(var text):
            text.withUTF8 { handle(clean: $0, from: s) }
        }
    }

    /// A line that is valid UTF-8 with nothing unsafe left in it.
    private func handle(clean line: UnsafeBufferPointer<UInt8>, from s: Session) {
        if !s.sawFirstLine {
            s.sawFirstLine = true
            if InputText.looksLikeHTTP(String(decoding: line, as: UTF8.self)) {
                enqueue(Array("ERR not-http this is Swarmline's line-protocol port, not HTTP: connect with nc or telnet\r\n".utf8), to: s)
                closeAfterFlush(s, reason: "HTTP request on the line port")
                return
            }
        }
        // Leading blanks too: a bot that indents its output must not post its requests as chat.
        guard s.format == .json, line.first(where: { $0 != UInt8(ascii: " ") }) == UInt8(ascii: "{") else {
            dispatch(line, from: s, id: nil)
            return
        }
        switch ClientRequest.decode(String(decoding: line, as: UTF8.self)) {
        case .failure(let bad):
            reply(Reply(error: bad.error), command: nil, id: bad.id, to: s)
        case .success(let request):
            let id = request.id ?? .null
            // `\u0000` decodes to NUL: refused as it is on a text line, not quietly dropped.
            if request.line.utf8.contains(0) {
                reply(Reply(error: InputText.nulRefusal), command: nil, id: id, to: s)
                return
            }
            var text = InputText.sanitize(request.line)
            text.withUTF8 { dispatch($0, from: s, id: id) }
        }
    }

    /// A command, a bot command or a comment; blanks around it do not count.
    private func dispatch(_ all: UnsafeBufferPointer<UInt8>, from s: Session, id: JSONValue?) {
        var lo = 0, hi = all.count
        while lo < hi, ArgumentParser.isBlank(all[lo]) { lo += 1 }
        while hi > lo, ArgumentParser.isBlank(all[hi - 1]) { hi -= 1 }
        guard lo < hi else {
            if id != nil { reply(Reply(error: SwarmError("usage", "the line is empty")), command: nil, id: id, to: s) }
            return
        }
        // After the one-byte prefix: the command's name and its arguments.
        let body = UnsafeBufferPointer(rebasing: all[(lo + 1)..<hi])
        switch all[lo] {
        case UInt8(ascii: "/"): runCommand(body, index: CommandTable.slashIndex, prefix: "/", from: s, id: id)
        case UInt8(ascii: "!"): runCommand(body, index: CommandTable.bangIndex, prefix: "!", from: s, id: id)
        default: postComment(String(decoding: UnsafeBufferPointer(rebasing: all[lo..<hi]), as: UTF8.self), from: s, id: id)
        }
    }

    /// `body`: what follows the `/` or `!`, trimmed. Name and arguments are read off its UTF-8
    /// bytes: Substring slicing validated every index it was given and cost more than a /ping's
    /// own work.
    private func runCommand(_ body: UnsafeBufferPointer<UInt8>, index: CommandIndex, prefix: String, from s: Session, id: JSONValue?) {
        var nameEnd = 0
        while nameEnd < body.count, !ArgumentParser.isBlank(body[nameEnd]) { nameEnd += 1 }
        let name = UnsafeBufferPointer(rebasing: body[..<nameEnd])
        guard let spec = index.find(name) else {
            metrics.unknownCommands += 1
            let hint = prefix == "/" ? "type /help for the list" : "type !help for the bot's commands"
            let shown = String(String(decoding: name, as: UTF8.self).prefix(32))
            reply(Reply(error: SwarmError("unknown-command", "\(prefix)\(shown) is not a command; \(hint)")),
                  command: nil, id: id, to: s)
            return
        }
        metrics.commandCounts[spec.ordinal] += 1
        var ctx = CommandContext(server: self, session: s)
        ctx.requestID = id
        ctx.command = spec.name
        do {
            try authorize(spec, s)
            let args = try ArgumentParser.parse(UnsafeBufferPointer(rebasing: body[nameEnd...]), for: spec).get()
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
            r.posted(outcome.comment!, to: room, withData: s.format == .json)
        } catch let e as SwarmError {
            r.error = e
        } catch {
            r.error = SwarmError("internal", "\(error)")
        }
        if r.error != nil || id != nil {
            reply(r, command: nil, id: id, to: s)
        } else if durability.commandChanged {
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
        alarms.note(outcome)
        journal(m, by: actor)
        return outcome
    }

    static let notWritten = SwarmError("storage", "the change could not be written to disk and was not made")
    /// Text mode's fallback has no id or command in it: rendered once, not once per change.
    static let notWrittenText = TextRenderer.reply(Reply(error: notWritten))

    func reply(_ r: Reply, command: String?, id: JSONValue?, to s: Session) {
        if let e = r.error { metrics.errors[e.code, default: 0] += 1 }
        // The usual answer to a read in text mode, with nothing held: rendered into the queue.
        // (Nothing pending also means this command changed nothing.)
        if s.format == .text, !mustHold(for: s) {
            let size = TextRenderer.replySize(r)
            guard size <= config.maxQueue else { return reply(Server.tooBig(size, limit: config.maxQueue), command: command, id: id, to: s) }
            enqueueNow(r, size: size, to: s) { r, out in TextRenderer.appendReply(r, to: &out) }
            return
        }
        let bytes = render(r, command: command, id: id, for: s)
        // Answered through here again, so the refusal is counted like any other.
        guard bytes.count <= config.maxQueue else { return reply(Server.tooBig(bytes.count, limit: config.maxQueue), command: command, id: id, to: s) }
        // A reply to a change carries its fallback: sent instead if the record never reaches disk.
        let ifLost = durability.commandChanged ? lostReply(command: command, id: id, for: s) : nil
        enqueue(bytes, to: s, ifLost: ifLost)
    }

    /// A reply bigger than a connection may have waiting would cut its asker off as a slow reader,
    /// though it reads everything: it is told instead, in one line.
    static func tooBig(_ size: Int, limit: Int) -> Reply {
        Reply(error: SwarmError("too-big", "the reply is \(size) bytes, more than --max-queue (\(limit)) lets one connection have waiting; ask for less: a page (limit:N after:#K) or a range (/export #N ^A..^B)"))
    }

    func lostReply(command: String?, id: JSONValue?, for s: Session) -> [UInt8] {
        s.format == .text ? Server.notWrittenText : render(Reply(error: Server.notWritten), command: command, id: id, for: s)
    }

    func render(_ r: Reply, command: String?, id: JSONValue?, for s: Session) -> [UInt8] {
        Server.render(r, command: command, id: id, format: s.format)
    }

    /// The same from the format alone, for replies rendered off the loop (Server+BesideLoop.swift).
    static func render(_ r: Reply, command: String?, id: JSONValue?, format: Session.Format) -> [UInt8] {
        switch format {
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
