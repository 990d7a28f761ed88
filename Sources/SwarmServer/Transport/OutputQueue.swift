// A connection's pending output: events and replies are appended in memory during a loop turn
// and written with one send() per connection at the end of it. Bounded: past `limit` bytes the
// reader is too slow and gets cut off rather than slowing everyone else.
//
// The durability barrier lives here too: output made while journal records are pending is
// appended at once but only sendable up to `sendable`; each held stretch remembers the journal
// seq it waits for. Releasing moves `sendable`, so held bytes are copied once, not twice (the
// barrier used to keep them in a separate list and copy them in on release: ~1k instructions
// per delivery in the fan-out benchmark).
import CLinux
import Glibc

struct OutputQueue {
    private var storage: [UInt8] = []
    private var head = 0
    /// storage[head..<sendable] may be sent now; the rest waits in `held`.
    private var sendable = 0
    /// Held stretches, in order: each ends at `end`, the previous one's end (or `sendable`) is its start.
    private var held: [HeldOutput] = []
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The bytes the queue can hold before it must grow (for tests of its memory policy).
    var capacity: Int { storage.capacity }

    /// Every byte not yet sent, held or not.
    var count: Int { storage.count - head }
    var isEmpty: Bool { head == storage.count }
    var hasHeld: Bool { !held.isEmpty }
    /// Bytes that a flush would try to send now.
    var hasSendable: Bool { head < sendable }

    /// Output that may leave at once (nothing is held ahead of it).
    mutating func append(_ bytes: [UInt8]) {
        // Through a buffer pointer: 13 ns for a 100-byte line against 18 ns for Array's own
        // append(contentsOf:) (micro-benchmark), and fan-out does this once per delivery.
        appendRendered(bytes) { bytes, out in bytes.withUnsafeBufferPointer { out.append(contentsOf: $0) } }
    }

    /// Output that may leave at once, written straight into the queue by `render`: a reply
    /// built in its own array first cost an allocation, a copy and a free per command.
    /// `value` is passed through rather than captured: a captured struct was copied, field by field.
    mutating func appendRendered<T>(_ value: borrowing T, _ render: (borrowing T, inout [UInt8]) -> Void) {
        // The server holds everything behind held output; should that ever slip, keep the order.
        if let last = held.last {
            assertionFailure("output must not overtake held output")
            var bytes: [UInt8] = []
            render(value, &bytes)
            append(bytes, heldUntil: last.seq, batch: last.batch, fate: .always)
            return
        }
        if head == storage.count, head > 0 { compact() }
        render(value, &storage)
        sendable = storage.count
    }

    /// Output that waits until journal record `seq` (in journal batch `batch`) is durable.
    /// Adjacent stretches of one batch with the same fate share one entry, waiting for the
    /// later seq: the journal makes a batch durable or loses it whole, so no failure can fall
    /// between them. In fan-out that is one entry per connection per turn, not per event.
    mutating func append(_ bytes: [UInt8], heldUntil seq: UInt64, batch: UInt64, fate: HeldOutput.Fate) {
        bytes.withUnsafeBufferPointer { storage.append(contentsOf: $0) }
        // Fields read in place: copying `held.last` retained and released its fate's bytes,
        // once per delivery.
        let last = held.count - 1
        if last >= 0, held[last].batch == batch, held[last].fate.merges(with: fate) {
            held[last].end = storage.count
            held[last].seq = max(held[last].seq, seq)
        } else {
            held.append(HeldOutput(end: storage.count, seq: seq, batch: batch, fate: fate))
        }
    }

    /// Makes held output up to durable seq `durable` sendable.
    mutating func release(upTo durable: UInt64) {
        var i = 0
        while i < held.count, held[i].seq <= durable {
            sendable = held[i].end
            i += 1
        }
        if i == held.count { held.removeAll(keepingCapacity: true) } else if i > 0 { held.removeFirst(i) }
    }

    /// The journal failed after `durable`: what was caused by a lost change is dropped or
    /// replaced by its fallback (`ERR storage`); what was not is sent as it is.
    mutating func resolve(failedAfter durable: UInt64) {
        release(upTo: durable)
        guard !held.isEmpty else { return }
        var tail: [UInt8] = []
        var start = sendable
        for h in held {
            switch h.fate {
            case .always: tail.append(contentsOf: storage[start..<h.end])
            case .durableOnly(let ifLost): if let e = ifLost { tail.append(contentsOf: e) }
            }
            start = h.end
        }
        storage.removeSubrange(sendable...)
        storage.append(contentsOf: tail)
        sendable = storage.count
        held.removeAll()
    }

    enum Flush { case done, partial, failed(Int32) }

    /// Sends as much of the sendable output as the socket takes now; `done` when none is left.
    mutating func flush(to fd: Int32) -> Flush {
        while head < sendable {
            let n = storage.withUnsafeBytes { buf in
                send(fd, buf.baseAddress! + head, sendable - head, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                head += n
                continue
            }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            if n < 0 && errno == EINTR { continue }
            return .failed(n < 0 ? errno : EPIPE)
        }
        // Keep memory proportional to what is pending, not to what was ever queued.
        if head == storage.count || (head > 65_536 && head * 2 > storage.count) { compact() }
        return head == sendable ? .done : .partial
    }

    /// Drops the bytes already sent; held stretches (possibly empty ones at the end) move along.
    private mutating func compact() {
        if head == storage.count {
            // The buffer is kept while it is used: a busy connection fills it again next turn,
            // and growing it back from nothing cost a copy per doubling (9 % of the instructions
            // with 200 agents in one room). A connection gone quiet gives it back (Redis resizes
            // its client buffers on the same idea).
            storage.removeAll(keepingCapacity: storage.capacity <= max(65_536, storage.count * 4))
        } else {
            storage.removeFirst(head)
        }
        sendable -= head
        for i in held.indices { held[i].end -= head }
        head = 0
    }
}
