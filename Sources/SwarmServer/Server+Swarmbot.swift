// What swarmbot does on its own, from the 10 Hz cron: the stale ladder and SLA alerts. The
// domain decides (SwarmDomain/Bot/StaleWatch.swift, SLAWatch.swift) from the loop's clock; the
// server commits, so every notice is journaled, and delivers. Bot events reach everyone in their
// audience: nobody "said" them, so nobody is skipped.
import SwarmDomain

extension Server {
    func watchStale() {
        let due = StaleWatch.due(board, now: now, policy: StalePolicy(after: config.policy.staleAfter), online: presence.online)
        for m in due {
            do {
                deliver(try commit(m, by: AgentName.bot).events, skipping: nil)
            } catch {
                log.warn("stale step refused", ["error": error])
            }
        }
    }

    func watchSLA() {
        for m in SLAWatch.due(board, now: now, policy: config.policy) {
            do {
                deliver(try commit(m, by: AgentName.bot).events, skipping: nil)
            } catch {
                log.warn("SLA alert refused", ["error": error])
            }
        }
    }

    /// Who `!assign` may pick: online and allowed to own tickets (role agent or lead).
    var assignableAgents: [String] {
        sessionsByAgent.compactMap { name, s in s.role >= .agent ? name : nil }
    }
}
