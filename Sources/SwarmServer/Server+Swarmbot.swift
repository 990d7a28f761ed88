// What swarmbot does on its own, from the 10 Hz cron: the stale ladder and SLA alerts. The
// domain decides (SwarmDomain/Bot/StaleWatch.swift, SLAWatch.swift) from the loop's clock; the
// server commits, so every notice is journaled, and delivers. Bot events reach everyone in their
// audience: nobody "said" them, so nobody is skipped.
import SwarmDomain

extension Server {
    /// Cron: the tickets whose alarm is due get their invites, stale ladder and SLA clocks
    /// looked at, in that order (what a scan of every ticket would say, at a fraction of its
    /// cost: SwarmDomain/Bot/Alarms.swift), and are armed again.
    func watchTickets() {
        let woken = alarms.wake(at: now, in: board, online: presence.online)
        guard !woken.isEmpty else { return }
        expireInvites(woken)
        watchStale(woken)
        watchSLA(woken)
        for id in woken { alarms.touch(id) }
    }

    func watchStale(_ woken: [TicketID]) {
        let policy = StalePolicy(after: config.policy.staleAfter)
        for id in woken {
            guard board.exists(id),
                  let m = StaleWatch.step(board.tickets, id.value - 1, now: now, policy: policy, online: presence.online) else { continue }
            do {
                deliver(try commit(m, by: AgentName.bot).events, skipping: nil)
            } catch {
                log.warn("stale step refused", ["error": error])
            }
        }
    }

    func watchSLA(_ woken: [TicketID]) {
        var due: [Mutation] = []
        for id in woken where board.exists(id) {
            SLAWatch.alerts(board.tickets, id.value - 1, now: now, targets: config.policy.slaTargets, into: &due)
        }
        for m in due {
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
