// `Timestamp.rfc3339`, written as bytes, against Foundation's formatter and the interpolated
// form it replaced, across the four-digit years and edge moments.
import Foundation
import SwarmTestSupport
import Testing
@testable import SwarmDomain

@Suite struct TimestampTextTests {
    /// The version the byte writer replaced, kept here as the reference.
    private func interpolated(_ t: Timestamp) -> String {
        func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let ms = Int(t.millis)
        let secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let rem = secs - days * 86_400
        let (y, m, d) = Timestamp.civil(days)
        let milli = ms - secs * 1000
        return "\(y)-\(pad2(m))-\(pad2(d))T\(pad2(rem / 3600)):\(pad2(rem % 3600 / 60)):\(pad2(rem % 60))."
            + String(1000 + milli).dropFirst() + "Z"
    }

    private let foundation: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f
    }()

    @Test func edgeMoments() {
        #expect(Timestamp(millis: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(millis: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(millis: 951_782_400_000).rfc3339 == "2000-02-29T00:00:00.000Z")
        #expect(Timestamp(millis: 1_795_916_817_932).rfc3339 == "2026-11-29T01:46:57.932Z")
        #expect(Timestamp(millis: 253_402_300_799_999).rfc3339 == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp(millis: -62_167_219_200_000).rfc3339 == "0000-01-01T00:00:00.000Z")
        // Past four digits the text keeps every digit, as before.
        #expect(Timestamp(millis: 253_402_300_800_000).rfc3339 == "10000-01-01T00:00:00.000Z")
    }

    @Test func randomMoments_MatchFoundationAndTheInterpolatedForm() {
        var rng = SeededRNG(state: 11)
        for _ in 0..<20_000 {
            // Years 0001 to 9999.
            let ms = Int64(truncatingIfNeeded: rng.next() % 315_537_897_600_000) - 62_135_596_800_000
            let t = Timestamp(millis: ms)
            // The interpolated form wrote years before 1000 with fewer than the four digits RFC 3339
            // asks for ("467-10-12…"); the byte writer pads them.
            let old = interpolated(t)
            #expect(t.rfc3339 == (old.count == 24 ? old : String(repeating: "0", count: 24 - old.count) + old), "\(ms)")
            // Foundation's calendar turns Julian before 1582; it rounds the fraction of a binary
            // Double, so it is compared to the second.
            guard ms >= -11_676_096_000_000 else { continue }  // 1600-01-01
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            #expect(t.rfc3339.prefix(19) == foundation.string(from: date).prefix(19), "\(ms)")
        }
    }
}
