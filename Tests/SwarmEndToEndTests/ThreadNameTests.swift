// The server's threads carry their names down to the kernel, where `top -H` and `ps -L` read them.
import Foundation
import Testing
@testable import SwarmServer

@Suite struct ThreadNameTests {
    static func threadNames() -> Set<String> {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return Set(tasks.compactMap { tid in
            (try? String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        })
    }

    @Test func theLoopAndTheJournal_AreNamedForTheKernel() throws {
        let server = try TestServer()
        let alice = try server.agent("alice")
        #expect(alice.status("/ping") == "OK pong")
        let names = Self.threadNames()
        #expect(names.contains("swarmline-loop"), "\(names.sorted())")
        #expect(names.contains("swarmline-jrnl"), "\(names.sorted())")
    }

    @Test func theSnapshotThread_IsNamedWhileItRuns() throws {
        // The snapshot thread lives only while it writes: its fsync is held, and looked at then.
        let files = SwitchableFileLayer()
        let server = try TestServer { $0.files = files }
        let alice = try server.agent("alice")
        _ = alice.status("/open P2 Snapshot me")
        files.gatedSnapshot.withLock { $0 = true }
        server.handle.inspect { $0.startSnapshot() }
        #expect(waitFor { files.syncsWaiting.withLock { $0 } == 1 })
        let names = Self.threadNames()
        files.gatedSnapshot.withLock { $0 = false }
        files.gate.signal()
        #expect(names.contains("swarmline-snap"), "\(names.sorted())")
    }
}
