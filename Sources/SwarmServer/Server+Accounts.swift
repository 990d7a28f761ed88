// Logging in against the --accounts file, and re-reading it on SIGHUP.
import SwarmDomain

extension Server {
    /// The role `name` logs in with. Open mode: lead, and any secret given is ignored.
    /// With accounts, a wrong name or secret throws `bad-login` and holds the reply back
    /// (config.loginDelay) without blocking the loop; the 5th failure closes the connection.
    /// The secret is never logged or echoed; unknown names cost a decoy hash so that the
    /// refusal takes as long as for a wrong secret.
    func authenticate(_ name: String, secret: String?, _ ctx: inout CommandContext) throws(SwarmError) -> Role {
        guard let accounts else { return .lead }
        guard let secret, !secret.isEmpty else {
            throw SwarmError("secret-required", "this server has accounts: /hello NAME SECRET")
        }
        let account = accounts.account(name)
        let matches = Secret.verify(secret, hash: account?.hash ?? Secret.decoyHash)
        if let account, matches { return account.role }
        let s = ctx.session
        s.loginFailures += 1
        log.warn("login refused", ["conn": s.id, "name": name, "peer": s.peer, "failures": s.loginFailures])
        if s.loginFailures >= config.maxLoginFailures {
            closeAfterFlush(s, reason: "\(s.loginFailures) failed logins")
            throw SwarmError("bad-login", "wrong name or secret; \(s.loginFailures) failures, closing")
        }
        ctx.holdReply = config.loginDelay
        throw SwarmError("bad-login", "wrong name or secret (\(s.loginFailures) of \(config.maxLoginFailures) tries)")
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
