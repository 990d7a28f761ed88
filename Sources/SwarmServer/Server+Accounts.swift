// Logging in against the --accounts file, and re-reading it on SIGHUP.
//
// Why crypt(3) runs off the loop: a yescrypt check costs about 30 ms of CPU (SHA-512 about
// 3 ms). On the loop thread, a few dozen connections guessing once a second would stall every
// room. So the check runs on one worker thread and answers through the Inbox, like the disk
// threads; meanwhile only the connection that sent /hello waits (it is not read), and at most
// one check per connection is ever queued.
import Dispatch
import SwarmDomain

extension Server {
    /// Starts checking NAME SECRET; the reply comes from `finishLogin`. Refusals that need no
    /// secret (none given) are thrown at once.
    func beginLogin(_ name: String, secret: String?, _ ctx: inout CommandContext) throws(SwarmError) {
        guard let accounts else { return }
        guard let secret, !secret.isEmpty else {
            throw SwarmError("secret-required", "this server has accounts: /hello NAME SECRET")
        }
        let s = ctx.session
        // Unknown names are checked against a decoy hash: the refusal takes as long either way.
        let account = accounts.account(name)
        let hash = account?.hash ?? Secret.decoyHash
        let role = account?.role
        let sessionID = s.id
        let requestID = ctx.requestID
        let inbox = self.inbox
        s.loginStartedAt = now
        s.pausedUntil = Timestamp(millis: .max)  // until finishLogin
        ctx.replyLater = true
        verifier.async {
            let matches = Secret.verify(secret, hash: hash) && role != nil
            inbox.post { server in server.finishLogin(sessionID, name: name, role: matches ? role : nil, id: requestID) }
        }
    }

    /// Back on the loop with the verdict (`role` nil: refused). A wrong name or secret is
    /// answered `loginDelay` after the /hello arrived, and nothing else on the connection is
    /// read until then; the `maxLoginFailures`th failure closes the connection.
    func finishLogin(_ sessionID: UInt64, name: String, role: Role?, id: JSONValue?) {
        guard let s = sessions[sessionID], s.isOpen else { return }
        s.pausedUntil = nil
        var r = Reply()
        var events: [Event] = []
        if let role {
            do { try admit(name, as: role, s, &r, &events) } catch { r.error = error }
            deliver(events, skipping: name)
            reply(r, command: "hello", id: id, to: s)
        } else {
            s.loginFailures += 1
            log.warn("login refused", ["conn": s.id, "name": name, "peer": s.peer, "failures": s.loginFailures])
            if s.loginFailures >= config.maxLoginFailures {
                r.error = SwarmError("bad-login", "wrong name or secret; \(s.loginFailures) failures, closing")
                reply(r, command: "hello", id: id, to: s)
                closeAfterFlush(s, reason: "\(s.loginFailures) failed logins")
                return
            }
            r.error = SwarmError("bad-login", "wrong name or secret (\(s.loginFailures) of \(config.maxLoginFailures) tries)")
            s.heldReply = render(r, command: "hello", id: id, for: s)
            s.pausedUntil = (s.loginStartedAt ?? now) + config.loginDelay
        }
        processInput(s)
    }

    /// The last step of every /hello: the name must be free; then the agent is registered
    /// (first time only) and online with `role`.
    func admit(_ name: String, as role: Role, _ s: Session, _ r: inout Reply, _ events: inout [Event]) throws(SwarmError) {
        guard sessionsByAgent[name] == nil else {
            throw SwarmError("name-in-use", "\(name) is connected already; pick another name")
        }
        if !board.hasSeen(name) {
            // A reader cannot tell `Alice` from `alice` in a room: one person, one spelling.
            if namesByFolded.count != board.agents.count {
                namesByFolded = Dictionary(board.agents.keys.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
            }
            if let known = namesByFolded[name.lowercased()] {
                throw SwarmError("name-in-use", "\(name) differs from \(known) only in case; say /hello \(known) or pick another name")
            }
            events += try commit(.register(name: name), by: name).events
            namesByFolded[name.lowercased()] = name
        }
        s.role = role
        agentArrived(name, s)
        r.message = "hello \(name)" + (accounts == nil ? "" : " (\(role.rawValue))")
        r.data = ["name": .string(name), "role": .string(role.rawValue)]
        // What happened to them while offline (a handoff), delivered once, then forgotten.
        if let notices = board.agents[name]?.notices, !notices.isEmpty {
            for n in notices {
                events.append(Event(n.event, to: .agent(name), at: n.at, ticket: n.ticket, actor: n.actor,
                                    text: "while you were away: " + n.text,
                                    fields: (n.fields ?? [:]).merging(["delayed": true]) { _, new in new }))
            }
            events += try commit(.clearNotices, by: name).events
            r.data["notices"] = .int(notices.count)
        }
    }

    /// SIGHUP: re-reads the accounts file. A bad file is logged and the old accounts stay.
    /// Connected agents get their new role; one whose account is gone is disconnected.
    public func reloadAccounts() {
        guard let path = config.accountsFile else {
            log.info("no --accounts file to reload (open mode)")
            return
        }
        let fresh: Accounts
        do { fresh = try Accounts.load(path: path) } catch {
            log.warn("accounts reload failed; keeping the previous accounts", ["error": error.description])
            return
        }
        accounts = fresh
        log.info("accounts reloaded", ["path": path, "accounts": fresh.count])
        for (name, s) in sessionsByAgent where s.isOpen {
            guard let account = fresh.account(name) else {
                send(notice: "your account was removed: closing", to: s)
                closeAfterFlush(s, reason: "account removed")
                continue
            }
            if account.role != s.role {
                s.role = account.role
                send(notice: "your role is now \(account.role.rawValue)", to: s)
            }
        }
    }
}
