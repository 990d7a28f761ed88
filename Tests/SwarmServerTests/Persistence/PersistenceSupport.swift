// Helpers for persistence tests: a rich board built through mutations, journals
// written record by record, and file layers that crash on demand.
import Foundation
import Glibc
import Synchronization
@testable import SwarmServer
import SwarmDomain
import SwarmTestSupport

/// Every kind of state the domain has today: agents, tickets of each priority, comments across
/// tickets, timelines. Mutations are generic, so new kinds join by adding lines here.
func richHistory(count: Int = 12) -> [JournalRecord] {
    var ms: [(String, Mutation)] = [("alice", .register(name: "alice")), ("bob", .register(name: "bob"))]
    ms.append(("alice", .open(priority: .p1, title: "printer on fire")))
    ms.append(("bob", .open(priority: .p3, title: "VPN drops \"sometimes\" ✓ ünïcode")))
    for i in 0..<count {
        ms.append((i % 2 == 0 ? "alice" : "bob", .comment(ticket: TicketID(1 + i % 2), text: "note \(i)\twith tab")))
    }
    ms.append(("bob", .open(priority: .p4, title: "keyboard")))
    // swarmbot's state: an SLA mark, an assignment (and the rotation), an entry promoted from a
    // resolved ticket.
    ms.append((AgentName.bot, .slaAlert(ticket: TicketID(1), clock: .firstResponse, level: .warning, target: .minutes(15))))
    ms.append(("alice", .assign(ticket: TicketID(2), agent: "bob", reason: "least loaded: bob owns 0 open tickets")))
    ms.append(("bob", .resolve(ticket: TicketID(3), resolution: "replaced the keyboard")))
    ms.append(("alice", .faqPromoteTicket(ticket: TicketID(3), key: "keyboard")))
    return ms.enumerated().map { i, m in
        JournalRecord(seq: UInt64(i + 1), at: Timestamp(millis: 1_700_000_000_000 + Int64(i) * 1000), agent: m.0, mutation: m.1)
    }
}

func board(after records: some Sequence<JournalRecord>) throws -> Board {
    var b = Board()
    for r in records { _ = try b.apply(r.mutation, by: r.agent, at: r.at) }
    return b
}

/// Writes records as one journal file and returns each record's start offset.
@discardableResult
func writeJournal(_ records: [JournalRecord], in dir: String, startingAt start: UInt64 = 1) throws -> [Int] {
    var bytes: [UInt8] = []
    var offsets: [Int] = []
    let enc = JournalLine.makeEncoder()
    for r in records {
        offsets.append(bytes.count)
        bytes += try JournalLine.encode(r, with: enc)
    }
    try Data(bytes).write(to: URL(fileURLWithPath: DataFolder.path(dir, DataFolder.journalName(startingAt: start))))
    return offsets
}

func readBytes(_ path: String) -> [UInt8] { (try? PosixFileLayer().read(path)) ?? [] }
extension PosixFileLayer {
    /// For fakes that offer direct writes: a direct file where this file system allows one,
    /// an ordinary one elsewhere (the sequence of operations under test is the same).
    func createUncachedOrNot(_ path: String) throws(StorageError) -> FileID {
        if let f = try createUncached(path) { return f }
        return try create(path)
    }
}

/// Where two byte arrays first differ (a length difference counts), nil if they are equal; a
/// failure then names one offset instead of printing megabytes.
func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
    for i in 0..<min(a.count, b.count) where a[i] != b[i] { return i }
    return a.count == b.count ? nil : min(a.count, b.count)
}
func writeBytes(_ bytes: [UInt8], _ path: String) { try? Data(bytes).write(to: URL(fileURLWithPath: path)) }

/// The process "dies" at operation number `crashAt`: that operation and all later ones fail
/// (a write at the crash point lands half its bytes first, like a kill mid-write).
final class CrashingFileLayer: FileLayer {
    struct Killed: Error {}
    let real = PosixFileLayer()
    let crashAt: Int
    /// Whether snapshots may take the direct (O_DIRECT) path.
    let uncached: Bool
    private let count = Mutex(0)
    init(crashAt: Int, uncached: Bool = false) {
        self.crashAt = crashAt
        self.uncached = uncached
    }

    private func step(_ onCrash: () -> Void = {}) throws(StorageError) {
        let n = count.withLock { c in c += 1; return c }
        if n == crashAt { onCrash() }
        if n >= crashAt { throw StorageError("killed", "-", errno: EINTR) }
    }
    var operations: Int { count.withLock { $0 } }

    func makeDirectory(_ path: String) throws(StorageError) { try step(); try real.makeDirectory(path) }
    func list(_ dir: String) throws(StorageError) -> [String] { try step(); return try real.list(dir) }
    func exists(_ path: String) -> Bool { real.exists(path) }
    func read(_ path: String) throws(StorageError) -> [UInt8] { try step(); return try real.read(path) }
    func create(_ path: String) throws(StorageError) -> FileID { try step(); return try real.create(path) }
    func openForWriting(_ path: String) throws(StorageError) -> (FileID, Int) { try step(); return try real.openForWriting(path) }
    func write(_ f: FileID, _ bytes: ArraySlice<UInt8>, path: String) throws(StorageError) {
        try step { try? self.real.write(f, bytes.prefix(bytes.count / 2), path: path) }
        try real.write(f, bytes, path: path)
    }
    func createUncached(_ path: String) throws(StorageError) -> FileID? {
        guard uncached else { return nil }
        try step()
        return try real.createUncachedOrNot(path)
    }
    func writeUncached(_ f: FileID, _ bytes: UnsafeRawBufferPointer, path: String) throws(StorageError) {
        try step { try? self.real.writeUncached(f, UnsafeRawBufferPointer(rebasing: bytes.prefix(bytes.count / 2)), path: path) }
        try real.writeUncached(f, bytes, path: path)
    }
    func write(_ f: FileID, _ bytes: ArraySlice<UInt8>, at offset: Int, path: String) throws(StorageError) {
        try step { try? self.real.write(f, bytes.prefix(bytes.count / 2), at: offset, path: path) }
        try real.write(f, bytes, at: offset, path: path)
    }
    func sync(_ f: FileID, path: String) throws(StorageError) { try step(); try real.sync(f, path: path) }
    func truncate(_ f: FileID, to size: Int, path: String) throws(StorageError) { try step(); try real.truncate(f, to: size, path: path) }
    func truncate(_ path: String, to size: Int) throws(StorageError) { try step(); try real.truncate(path, to: size) }
    func close(_ f: FileID) { real.close(f) }
    func rename(_ from: String, _ to: String) throws(StorageError) { try step(); try real.rename(from, to) }
    func link(_ existing: String, _ new: String) throws(StorageError) { try step(); try real.link(existing, new) }
    func remove(_ path: String) throws(StorageError) { try step(); try real.remove(path) }
    func syncDirectory(_ path: String) throws(StorageError) { try step(); try real.syncDirectory(path) }
}
