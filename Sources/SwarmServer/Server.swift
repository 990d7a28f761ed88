// The server: one event-loop thread owns the board, presence and every connection, like Redis.
// Not Sendable on purpose: it is created inside the thread that runs it and never leaves it;
// other threads reach it only through `Inbox`.
import CLinux
import Dispatch
import Glibc
import SwarmDomain

public final class Server {
    static let listenerToken: UInt64 = 1
    static let inboxToken: UInt64 = 2
    static let signalToken: UInt64 = 3
    static let metricsToken: UInt64 = 4

    let config: Config
    let log: Log
    var poller: Poller
    let listener: Listener
    let inbox: Inbox
    /// One worker thread for crypt(3) checks (Server+Accounts.swift): they never run on the loop.
    let verifier = DispatchQueue(label: "swarmline-login")
    /// Counts GET /metrics' board gauges on a copy of the board (BoardGauges.swift).
    let boardCounter = DispatchQueue(label: "swarmline-metrics")
    /// Answers /board, /stats, the listings, /whois, /agents, /export and a long /history on a
    /// copy of the board (Server+BesideLoop.swift).
    /// Not the metrics queue: agents listing 40,000 tickets must not make scrapes time out.
    let boardReader = DispatchQueue(label: "swarmline-board-read")
    var signalFD: Int32 = -1

    public internal(set) var board: Board
    /// When swarmbot must next look at each ticket (SwarmDomain/Bot/Alarms.swift).
    var alarms: Alarms
    /// How many due tickets a cron tick looks at (Server+Swarmbot.swift, `watchTickets`).
    var ticketsPerTick = 64
    public internal(set) var presence = Presence()
    var sessions: [UInt64: Session] = [:]
    var sessionsByAgent: [String: Session] = [:]
    /// Each room's members as sessions, resolved from names on first use and again once the
    /// room's `Presence.revision` moved (Server+Delivery.swift).
    @exclusivity(unchecked) var roomSessions: [TicketID: ResolvedRoom] = [:]
    /// Big rooms' joins and leaves waiting for their summary (Server+PresenceDigest.swift).
    var presenceDigests: [TicketID: PresenceDigest] = [:]
    var nextSessionID: UInt64 = 16
    /// Open connections per peer address, for --max-per-ip.
    var connectionsByIP: [String: Int] = [:]
    /// Every known agent's name by its lowercased form, for refusing `ALICE` next to `alice`.
    /// Rebuilt whenever its size no longer matches the board's agents (a reload after a failed
    /// write can remove names), else kept up to date by `admit`.
    var namesByFolded: [String: String] = [:]
    /// The --accounts file as last read; nil is open mode.
    public internal(set) var accounts: Accounts?
    /// Sessions with output queued this turn: each gets one send() at the end of the turn.
    @exclusivity(unchecked) var dirty: [Session] = []
    /// Sessions to close once this turn's events are processed (never mid-batch).
    var closing: [Session] = []
    /// Read once per turn and passed into the domain.
    @exclusivity(unchecked) var now: Timestamp
    var nextCron: Timestamp
    var stopping = false
    var stopDeadline: Timestamp?
    var listening = true
    /// A spare descriptor, closed to accept and drop a client when the process is out of fds.
    var spareFD: Int32 = -1
    /// The journal, output barrier and snapshot schedule (Server+Durability.swift).
    let durability: Durability
    /// The longest loop turn (work between two epoll waits), for the snapshot-stall benchmark.
    public internal(set) var longestTurnNanos: UInt64 = 0
    /// The --metrics-port listener and its open exchanges (Metrics/Server+HTTP.swift).
    let metricsListener: Listener?
    var httpExchanges: [UInt64: HTTPExchange] = [:]
    var nextHTTPID: UInt64 = 1
    var metricsPausedUntil: Timestamp?
    let metrics: Metrics

    init(config: Config, listener: Listener, inbox: Inbox, store: DataFolder.Opened, journal: JournalWriter,
         accounts: Accounts? = nil, metricsListener: Listener? = nil) throws(SystemError) {
        self.config = config
        self.accounts = accounts
        self.log = config.log
        self.listener = listener
        self.inbox = inbox
        self.metricsListener = metricsListener
        self.board = store.loaded.board
        self.alarms = Alarms(board: store.loaded.board, policy: config.policy, online: [])
        self.poller = try Poller()
        self.now = config.clock.now()
        self.durability = Durability(writer: journal, dir: config.dataDir, files: config.files,
                                     interval: config.snapshotInterval, loaded: store.loaded, now: now)
        self.nextCron = now
        metrics = Metrics(startedAt: now)
        metrics.lastSnapshotAt = DataFolder.snapshotModified(config.dataDir)
        try poller.add(listener.fd, token: Server.listenerToken)
        if let m = metricsListener { try poller.add(m.fd, token: Server.metricsToken) }
        try poller.add(inbox.fd, token: Server.inboxToken)
        if let fd = config.signalFD {
            signalFD = fd
            try poller.add(fd, token: Server.signalToken)
        }
        spareFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
    }

    /// Runs until shutdown has flushed every client.
    func run() {
        while true {
            let timeout: Int32 = dirty.isEmpty ? 100 : 0
            let count = poller.wait(timeoutMs: timeout)
            let turnStart = DispatchTime.now().uptimeNanoseconds
            // After the wait, not before: a line that waited in epoll_wait must be stamped with
            // the time it was handled (idle timeouts, line rate), not the previous turn's.
            now = config.clock.now()
            var releasedMidTurn = false
            for i in 0..<count {
                handle(poller.ready(i))
                // At most once, and only in a long turn: each release sends again to every
                // connection it touches, which costs more than it saves in short turns.
                if !releasedMidTurn, i & 31 == 31, DispatchTime.now().uptimeNanoseconds - turnStart > 5_000_000 {
                    releasedMidTurn = releaseDurableMidTurn()
                }
            }
            if now >= nextCron {
                cron()
                nextCron = now + Span(millis: 100)
            }
            submitJournal()
            flushDirty()
            reap()
            let turn = DispatchTime.now().uptimeNanoseconds - turnStart
            longestTurnNanos = max(longestTurnNanos, turn)
            metrics.loopTurn.observe(Double(turn) / 1e9)
            if stopping && (sessions.isEmpty || (stopDeadline.map { now >= $0 } ?? true)) { break }
        }
        finish()
    }

    private func handle(_ ready: Poller.Ready) {
        switch ready.token {
        case Server.listenerToken: acceptClients()
        case Server.inboxToken: for work in inbox.drain() { work(self) }
        case Server.signalToken: handleSignal()
        case Server.metricsToken: acceptHTTP()
        case let token where token & Server.httpTokenBit != 0: handleHTTP(ready)
        default:
            guard let s = sessions[ready.token] else { return }
            // A throttled connection is not read; a hang-up on it would fire on every turn.
            if ready.hangup && s.readingPaused { markClosing(s, reason: "connection lost while throttled") }
            if ready.readable || ready.hangup { readFrom(s) }
            if ready.writable { flush(s) }
        }
    }

    /// Periodic work at 10 Hz (Redis's `hz`): timeouts, alerts and snapshots hang off this.
    func cron() {
        durability.commandStartSeq = durability.appendedSeq
        defer { durability.commandStartSeq = durability.appendedSeq }
        cronLimits()
        watchTickets()
        durabilityCron()
        expireHTTP()
        tellPresenceDigests()
    }

    private func handleSignal() {
        while true {
            let sig = clinux_read_signal(signalFD)
            if sig == 0 { return }
            if sig == SIGHUP {
                log.info("SIGHUP received")
                reloadAccounts()
            } else {
                beginShutdown(reason: sig == SIGINT ? "SIGINT" : "SIGTERM")
            }
        }
    }

    /// Stop accepting, tell everyone, flush what is queued, then close (within 2 s).
    func beginShutdown(reason: String) {
        guard !stopping else { return }
        stopping = true
        stopDeadline = now + .seconds(2)
        log.info("shutting down", ["reason": reason, "connections": sessions.count])
        if let socket = config.notifySocket { SystemdNotify.send("STOPPING=1", to: socket, log: log) }
        stopListening()
        for s in sessions.values where s.isOpen {
            send(notice: "server shutting down", to: s)
            closeAfterFlush(s, reason: "server shutdown")
        }
    }

    func stopListening() {
        guard listening else { return }
        listening = false
        poller.remove(listener.fd)
        listener.close()
    }

    private func finish() {
        for s in Array(sessions.values) { closeNow(s, reason: s.isOpen ? "server shutdown" : nil) }
        stopListening()
        if signalFD >= 0 { close(signalFD) }
        if spareFD >= 0 { close(spareFD) }
        closeDurability()
        closeMetricsPort()
        log.info("stopped")
    }
}
