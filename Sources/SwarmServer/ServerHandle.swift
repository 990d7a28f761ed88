// Starts a server on its own thread and stops it: used by main.swift and by the tests.
// The socket is bound here, on the caller's thread, so `port` is the real one (`--port 0`).
import Dispatch
import Synchronization
import Foundation
import SwarmDomain

public final class ServerHandle: Sendable {
    public let host: String
    public let port: Int
    /// The --metrics-port listener's real port (nil: no metrics port).
    public let metricsPort: Int?
    let inbox: Inbox
    private let finished = DispatchSemaphore(value: 0)

    private init(host: String, port: Int, metricsPort: Int?, inbox: Inbox) {
        self.host = host
        self.port = port
        self.metricsPort = metricsPort
        self.inbox = inbox
    }

    public static func start(_ config: Config) throws -> ServerHandle {
        try config.checkExposure()
        let accounts = try config.accountsFile.map { path throws(AccountsError) in try Accounts.load(path: path) }
        // Load (and repair a torn tail) before anything listens: a refused folder means no server.
        let store = try DataFolder.open(config.dataDir, files: config.files, log: config.log)
        let listener = try Listener(host: config.host, port: config.port)
        let metricsListener: Listener?
        do {
            metricsListener = try config.metricsPort.map { port throws(SystemError) in try Listener(host: config.metricsHost, port: port, backlog: 64) }
        } catch {
            listener.close()
            throw error
        }
        let inbox = try Inbox()
        let journal = JournalWriter(opened: store, dir: config.dataDir, files: config.files, fsync: config.fsync,
                                    preallocate: config.journalPreallocation, inbox: inbox, log: config.log)
        let handle = ServerHandle(host: config.host, port: listener.port, metricsPort: metricsListener?.port, inbox: inbox)
        var loopConfig = config
        loopConfig.port = listener.port
        let frozen = loopConfig
        let thread = Thread {
            ThreadName.set("swarmline-loop")
            do {
                let server = try Server(config: frozen, listener: listener, inbox: inbox, store: store, journal: journal,
                                        accounts: accounts, metricsListener: metricsListener)
                server.seedFAQIfEmpty()
                if let accounts {
                    frozen.log.info("listening", ["host": frozen.host, "port": listener.port, "mode": "accounts",
                                                  "accounts": accounts.count, "file": accounts.path])
                } else {
                    frozen.log.info("listening", ["host": frozen.host, "port": listener.port,
                                                  "mode": "open (no --accounts file: any free name, everyone lead)"])
                }
                if let m = metricsListener { frozen.log.info("metrics listening", ["host": frozen.metricsHost, "port": m.port]) }
                if let socket = frozen.notifySocket {
                    SystemdNotify.send("READY=1\nSTATUS=listening on \(frozen.host):\(listener.port)", to: socket, log: frozen.log)
                }
                server.run()
            } catch {
                frozen.log.error("event loop failed to start", ["error": error])
                listener.close()
                metricsListener?.close()
                journal.stopAndWait()
            }
            handle.finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        return handle
    }

    /// Asks the loop to shut down cleanly and waits until it has.
    public func stop() {
        inbox.post { $0.beginShutdown(reason: "stop requested") }
        wait()
    }

    /// Blocks until the event loop has exited.
    public func wait() {
        finished.wait()
        finished.signal()
    }

    /// Runs `body` on the loop thread and returns its result (for tests and tools).
    public func inspect<T: Sendable>(_ body: @escaping @Sendable (Server) -> T) -> T {
        let box = ResultBox<T>()
        inbox.post { server in box.set(body(server)) }
        return box.get()
    }
}

final class ResultBox<T: Sendable>: Sendable {
    private let value = LockedValue<T?>(nil)
    private let ready = DispatchSemaphore(value: 0)
    func set(_ v: T) { value.set(v); ready.signal() }
    func get() -> T { ready.wait(); return value.get()! }
}

final class LockedValue<T: Sendable>: Sendable {
    private let m: Synchronization.Mutex<T>
    init(_ v: T) { m = Synchronization.Mutex(v) }
    func set(_ v: T) { m.withLock { $0 = v } }
    func get() -> T { m.withLock { $0 } }
}
