// What swarmbot does on its own, from the 10 Hz cron: the stale ladder and SLA alerts. The
// domain decides (SwarmDomain/Bot/StaleWatch.swift, SLAWatch.swift) from the loop's clock; the
// server commits, so every notice is journaled, and delivers. Bot events reach everyone in their
// audience: nobody "said" them, so nobody is skipped.
import Dispatch
import SwarmDomain

extension Server {
    /// Cron: the tickets whose alarm is due get their invites, stale ladder and SLA clocks
    /// looked at, in that order (what a scan of every ticket would say, at a fraction of its
    /// cost: SwarmDomain/Bot/Alarms.swift), and are armed again.
    /// At most `ticketsPerTick` a tick, the longest overdue first: when 100,000 tickets fell due
    /// at once (a restart after downtime, a bulk import), saying it all in one tick held the loop
    /// for 1.4–2.2 s. The batch adapts to what a ticket costs (its events go to every feed
    /// listener): halved after a tick that took over 5 ms, doubled after a full one under 2 ms.
    func watchTickets() {
        let start = DispatchTime.now().uptimeNanoseconds
        let woken = alarms.wake(at: now, in: board, online: presence.online, limit: ticketsPerTick)
        guard !woken.isEmpty else { return }
        expireInvites(woken)
        watchStale(woken)
        watchSLA(woken)
        for id in woken { alarms.touch(id) }
        let took = DispatchTime.now().uptimeNanoseconds - start
        if took > 5_000_000 {
            ticketsPerTick = max(8, ticketsPerTick / 2)
        } else if took < 2_000_000 && woken.count == ticketsPerTick {
            ticketsPerTick = min(4096, ticketsPerTick * 2)
        }
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
