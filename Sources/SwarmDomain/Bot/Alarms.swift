// When the cron must next look at each ticket. Swarmbot's clocks (the stale ladder, the SLA
// alerts, unanswered swarm invites) used to be found by scanning every open ticket ten times a
// second: at 100,000 open tickets that was about 7 ms a tick, a stall every client felt ten times
// a second. Alarms keeps one wake-up time per ticket in a min-heap, so a tick costs what is due.
//
// A wake-up may come early, never late. Every change to a ticket marks it (`note`: the server
// does it for every commit), and each tick first arms every marked ticket for its next time,
// keeping the earlier of that and any time armed before; then it wakes what is due. A ticket woken
// early is looked at, has nothing due, and is marked again. So the cron says exactly what a full
// scan would, at the same tick (AlarmsTests checks this against the scans). Marking is an append;
// working out a ticket's next time reads a dozen of its fields, which done for every comment cost
// about 900 instructions each (Scripts/instructions), so it is done once per tick per ticket.
public struct Alarms: Sendable {
    private let policy: Policy
    private let targets: SLATargets
    /// A binary min-heap by time. A ticket's entry is live while `armed` holds its time; older
    /// entries for the same ticket are dropped when they reach the top.
    private(set) var heap: [Alarm] = []
    /// Per ticket (number − 1): the time its live entry fires, `Alarms.never` if it has none.
    private var armed: [Int64] = []
    private var live = 0
    /// Tickets changed since the last tick, each once (`isMarked`), to be armed at the next.
    private var marked: [Int32] = []
    private var isMarked: [Bool] = []
    /// Tickets whose only step ahead is the requeue, which waits for their owner to go offline.
    private var awaitingOffline: [String: Set<TicketID>] = [:]

    static let never = Int64.max

    struct Alarm {
        var at: Int64
        /// The ticket's number − 1.
        var index: Int32
    }

    /// Armed for every ticket on `board`.
    public init(board: Board, policy: Policy, online: Set<String>) {
        self.policy = policy
        targets = policy.slaTargets
        armed = Array(repeating: Alarms.never, count: board.ticketCount)
        isMarked = Array(repeating: false, count: board.ticketCount)
        for i in board.tickets.indices {
            if let at = next(board.tickets, i, online: online) { arm(i, at: at.millis) }
        }
    }

    /// How many tickets have a wake-up armed.
    public var count: Int { live }

    /// Marks every ticket an applied mutation changed: each one its outcome names. The domain
    /// announces every change to a ticket with an event about it (AlarmsTests checks this for
    /// every kind of change).
    public mutating func note(_ outcome: Outcome) {
        if let id = outcome.ticket { touch(id) }
        // By index: `for e in events` would copy each Event.
        for k in outcome.events.indices {
            if let id = outcome.events[k].ticket, id != outcome.ticket { touch(id) }
        }
    }

    /// Marks `id` to be armed for its next time at the next tick.
    public mutating func touch(_ id: TicketID) {
        let k = id.value - 1
        guard k >= 0 else { return }
        if k >= isMarked.count { isMarked.append(contentsOf: repeatElement(false, count: k + 1 - isMarked.count)) }
        if isMarked[k] { return }
        isMarked[k] = true
        marked.append(Int32(k))
    }

    /// An agent went offline: the tickets whose requeue waited for that are looked at next tick.
    public mutating func wentOffline(_ agent: String) {
        guard let ids = awaitingOffline.removeValue(forKey: agent) else { return }
        for id in ids { touch(id) }
    }

    /// Arms every marked ticket, then disarms and returns, in ticket order, the tickets whose
    /// wake-up is due at `now`: the `limit` longest overdue if more are due, the rest staying
    /// armed for the next tick. Look at them, then `touch` each: what they arm for then comes at
    /// the next tick at the earliest, so a ticket climbs at most one step per tick, as with a scan.
    public mutating func wake(at now: Timestamp, in board: Board, online: Set<String>,
                              limit: Int = .max) -> [TicketID] {
        for k in marked {
            let i = Int(k)
            isMarked[i] = false
            guard i < board.ticketCount, let at = next(board.tickets, i, online: online) else { continue }
            arm(i, at: at.millis)
        }
        marked.removeAll(keepingCapacity: true)
        var out: [TicketID] = []
        while out.count < limit, let top = heap.first, top.at <= now.millis {
            pop()
            let k = Int(top.index)
            guard armed[k] == top.at else { continue }
            armed[k] = Alarms.never
            live -= 1
            out.append(TicketID(k + 1))
        }
        out.sort { $0.value < $1.value }
        return out
    }

    /// The earliest time anything could fall due on the ticket at `i`, by the rules of the
    /// three watches.
    private mutating func next(_ tickets: TicketPages, _ i: Int, online: Set<String>) -> Timestamp? {
        guard tickets[i].status.isOpen || !tickets[i].invites.isEmpty else { return nil }
        var at = SLAWatch.nextAlert(tickets, i, targets: targets)
        if let expiry = tickets.nextInviteExpiry(i, timeout: policy.inviteTimeout) { at = min(at ?? expiry, expiry) }
        if let step = StaleWatch.nextStep(tickets, i, policy: StalePolicy(after: policy.staleAfter)) {
            if let owner = step.owner, online.contains(owner) {
                awaitingOffline[owner, default: []].insert(tickets[i].id)
            } else {
                at = min(at ?? step.at, step.at)
            }
        }
        return at
    }

    /// Keeps the earlier of `at` and what ticket index `k` is armed for.
    private mutating func arm(_ k: Int, at: Int64) {
        if k >= armed.count { armed.append(contentsOf: repeatElement(Alarms.never, count: k + 1 - armed.count)) }
        guard at < armed[k] else { return }
        if armed[k] == Alarms.never { live += 1 }
        armed[k] = at
        push(Alarm(at: at, index: Int32(k)))
        // Entries left behind by re-arming earlier: rebuild once they outnumber the live ones.
        if heap.count > 2 * live + 1024 { rebuild() }
    }

    private mutating func rebuild() {
        heap.removeAll(keepingCapacity: true)
        for k in armed.indices where armed[k] != Alarms.never { heap.append(Alarm(at: armed[k], index: Int32(k))) }
        var i = heap.count / 2
        while i > 0 { i -= 1; siftDown(i) }
    }

    private mutating func push(_ a: Alarm) {
        heap.append(a)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].at < heap[parent].at else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func pop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, heap[l].at < heap[m].at { m = l }
            if r < heap.count, heap[r].at < heap[m].at { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
