// The output queue and the durability barrier inside it: held output leaves only once released,
// in order; a failed journal drops or replaces what the lost changes caused; partial sends and
// compaction keep held stretches in place. Real sockets (socketpair), no timing.
import Glibc
import Testing
@testable import SwarmServer

@Suite struct OutputQueueTests {
    /// A non-blocking pair: (queue side, reading side).
    static func pair() -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        return (fds[0], fds[1])
    }

    static func drain(_ fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return out }
            out += buf[..<n]
        }
    }

    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// A connection that gets a lot every turn keeps its buffer (growing it again from nothing
    /// copied it once per doubling); one that has gone quiet gives the memory back.
    @Test func aBusyQueueKeepsItsBuffer_AQuietOneGivesItBack() {
        let (w, r) = Self.pair()
        defer { close(w); close(r) }
        var q = OutputQueue(limit: 1 << 22)
        let burst = [UInt8](repeating: 0x61, count: 100_000)
        func sendAll() -> Int {
            var got = 0
            while true {
                let result = q.flush(to: w)
                got += Self.drain(r).count
                if case .done = result { return got }
            }
        }
        for turn in 0..<3 {
            q.append(burst)
            #expect(sendAll() == burst.count)
            #expect(q.isEmpty)
            #expect(q.capacity >= burst.count, "turn \(turn): the buffer was dropped while in use")
        }
        // A quiet turn: a short line, sent whole; the big buffer goes with it.
        q.append(Self.bytes("ok\r\n"))
        #expect(sendAll() == 4)
        #expect(q.capacity <= 65_536)
    }

    @Test func heldOutput_LeavesOnlyWhenReleased_InOrder() {
        let (w, r) = Self.pair()
        defer { close(w); close(r) }
        var q = OutputQueue(limit: 1 << 20)
        q.append(Self.bytes("a "))
        q.append(Self.bytes("b "), heldUntil: 5, batch: 5, fate: .durableOnly(ifLost: nil))
        q.append(Self.bytes("c "), heldUntil: 5, batch: 5, fate: .durableOnly(ifLost: nil))
        q.append(Self.bytes("d "), heldUntil: 6, batch: 6, fate: .always)
        _ = q.flush(to: w)
        #expect(Self.drain(r) == Self.bytes("a "))
        q.release(upTo: 5)
        _ = q.flush(to: w)
        #expect(Self.drain(r) == Self.bytes("b c "))
        #expect(q.hasHeld)
        q.release(upTo: 6)
        #expect(!q.hasHeld)
        _ = q.flush(to: w)
        #expect(Self.drain(r) == Self.bytes("d "))
        #expect(q.isEmpty)
    }

    /// Events of one journal batch share an entry and leave together once the batch is durable;
    /// a failed batch drops them together.
    @Test func oneBatch_IsReleasedOrDroppedWhole() {
        let (w, r) = Self.pair()
        defer { close(w); close(r) }
        var q = OutputQueue(limit: 1 << 20)
        q.append(Self.bytes("e5 "), heldUntil: 5, batch: 3, fate: .durableOnly(ifLost: nil))
        q.append(Self.bytes("e6 "), heldUntil: 6, batch: 3, fate: .durableOnly(ifLost: nil))
        q.append(Self.bytes("e7 "), heldUntil: 7, batch: 4, fate: .durableOnly(ifLost: nil))
        q.release(upTo: 5)
        _ = q.flush(to: w)
        #expect(Self.drain(r).isEmpty, "batch 3 is durable only as a whole")
        q.release(upTo: 6)
        _ = q.flush(to: w)
        #expect(Self.drain(r) == Self.bytes("e5 e6 "))
        q.append(Self.bytes("e8 "), heldUntil: 8, batch: 5, fate: .durableOnly(ifLost: nil))
        q.resolve(failedAfter: 6)
        _ = q.flush(to: w)
        #expect(Self.drain(r).isEmpty, "batches 4 and 5 were lost")
        #expect(!q.hasHeld)
    }

    @Test func failedJournal_SendsWhatWasDurable_ReplacesOrDropsTheRest() {
        let (w, r) = Self.pair()
        defer { close(w); close(r) }
        var q = OutputQueue(limit: 1 << 20)
        q.append(Self.bytes("reply1 "), heldUntil: 1, batch: 1, fate: .durableOnly(ifLost: Self.bytes("lost1 ")))
        q.append(Self.bytes("event2 "), heldUntil: 2, batch: 2, fate: .durableOnly(ifLost: nil))
        q.append(Self.bytes("read2 "), heldUntil: 2, batch: 2, fate: .always)
        q.append([], heldUntil: 3, batch: 3, fate: .durableOnly(ifLost: Self.bytes("lost3 ")))
        q.append(Self.bytes("reply3 "), heldUntil: 3, batch: 3, fate: .durableOnly(ifLost: Self.bytes("lost3b ")))
        q.resolve(failedAfter: 1)
        #expect(!q.hasHeld)
        _ = q.flush(to: w)
        #expect(Self.drain(r) == Self.bytes("reply1 read2 lost3 lost3b "))
    }

    @Test func partialSends_AndCompaction_KeepHeldStretchesInPlace() {
        let (w, r) = Self.pair()
        defer { close(w); close(r) }
        var small: Int32 = 4096
        setsockopt(w, SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var q = OutputQueue(limit: 1 << 22)
        let first = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        q.append(first)
        q.append(Self.bytes("held-one "), heldUntil: 9, batch: 9, fate: .durableOnly(ifLost: nil))
        q.append([], heldUntil: 10, batch: 10, fate: .durableOnly(ifLost: Self.bytes("never ")))
        var received: [UInt8] = []
        var rounds = 0
        while received.count < first.count && rounds < 100_000 {
            _ = q.flush(to: w)
            received += Self.drain(r)
            rounds += 1
        }
        #expect(received == first)
        #expect(q.hasHeld)
        q.release(upTo: 10)
        #expect(!q.hasHeld)
        _ = q.flush(to: w)
        received += Self.drain(r)
        #expect(received == first + Self.bytes("held-one "))
        #expect(q.isEmpty)
        q.append(Self.bytes("after"))
        _ = q.flush(to: w)
        #expect(Self.drain(r) == Self.bytes("after"))
    }
}
