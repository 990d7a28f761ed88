// The metrics port's pure parts: the bounded HTTP head parser, the exposition writer and the
// disconnect-reason labels.
import Testing
@testable import SwarmServer

@Suite struct HTTPRequestHeadTests {
    @Test(arguments: [
        ("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", HTTPRequestHead.request(method: "GET", path: "/metrics")),
        ("GET /healthz HTTP/1.0\n\n", .request(method: "GET", path: "/healthz")),
        ("\r\nGET /metrics?name[]=x HTTP/1.1\r\n\r\n", .request(method: "GET", path: "/metrics")),
        ("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n", .request(method: "POST", path: "/")),
        ("GET /metrics HTTP/1.1\r\nHost: x\r\n", .incomplete),
        ("GET /metr", .incomplete),
        ("", .incomplete),
        ("get /metrics HTTP/1.1\r\n\r\n", .bad),
        ("GET metrics HTTP/1.1\r\n\r\n", .bad),
        ("GET /metrics HTTP/2.0\r\n\r\n", .bad),
        ("GET /metrics\r\n\r\n", .bad),
        ("GET  /metrics HTTP/1.1\r\n\r\n", .bad),
        ("/hello alice\r\n\r\n", .bad),
    ])
    func parses(text: String, expected: HTTPRequestHead) {
        #expect(HTTPRequestHead.parse(Array(text.utf8)) == expected)
    }

    /// Fed one byte at a time, the head is incomplete until its last byte, then complete.
    @Test func byteByByte_CompletesOnlyAtTheBlankLine() {
        let bytes = Array("GET /metrics HTTP/1.1\r\nAccept: */*\r\n\r\n".utf8)
        for n in 0..<bytes.count {
            #expect(HTTPRequestHead.parse(Array(bytes[0..<n])) == .incomplete, "after \(n) bytes")
        }
        #expect(HTTPRequestHead.parse(bytes) == .request(method: "GET", path: "/metrics"))
    }

    @Test func overlongHead_IsTooLarge_WhetherOrNotItEnds() {
        let junk = "GET /metrics HTTP/1.1\r\nX: " + String(repeating: "a", count: HTTPRequestHead.maxHead)
        #expect(HTTPRequestHead.parse(Array(junk.utf8)) == .tooLarge)
        #expect(HTTPRequestHead.parse(Array((junk + "\r\n\r\n").utf8)) == .tooLarge)
    }
}

@Suite struct PrometheusTextTests {
    @Test func labelValues_AreEscaped() {
        #expect(PrometheusText.escapeLabel(#"a\b"c"# + "\nd") == #"a\\b\"c\nd"#)
        var p = PrometheusText()
        p.family("x_total", .counter, "Help with a \\ and a\nnewline.")
        p.sample("x_total", 3, [("k", "v\"1")])
        #expect(p.text == "# HELP x_total Help with a \\\\ and a\\nnewline.\n# TYPE x_total counter\nx_total{k=\"v\\\"1\"} 3\n")
    }

    @Test func histogram_BucketsAreCumulative() {
        var h = Histogram(bounds: [0.001, 0.01, 0.1])
        for v in [0.0005, 0.002, 0.003, 0.5] { h.observe(v) }
        var p = PrometheusText()
        p.histogram("f_seconds", "F.", h)
        let lines = p.text.split(separator: "\n").map(String.init)
        #expect(lines.contains(#"f_seconds_bucket{le="0.001"} 1"#))
        #expect(lines.contains(#"f_seconds_bucket{le="0.01"} 3"#))
        #expect(lines.contains(#"f_seconds_bucket{le="0.1"} 3"#))
        #expect(lines.contains(#"f_seconds_bucket{le="+Inf"} 4"#))
        #expect(lines.contains("f_seconds_count 4"))
        #expect(lines.contains { $0.hasPrefix("f_seconds_sum 0.505") })
    }

    @Test func numbers() {
        #expect(PrometheusText.number(3) == "3")
        #expect(PrometheusText.number(0.25) == "0.25")
        #expect(PrometheusText.number(.infinity) == "+Inf")
        #expect(PrometheusText.number(.nan) == "NaN")
    }
}

@Suite struct DisconnectKindTests {
    @Test(arguments: [
        ("quit", "quit"), ("client closed", "client_closed"), ("slow reader: over 4194304 bytes queued", "slow_reader"),
        ("write failed: Broken pipe", "write_failed"), ("connection lost while throttled", "connection_lost"),
        ("idle for 24h", "idle_timeout"), ("no /hello within 60s", "hello_timeout"), ("5 failed logins", "failed_logins"),
        ("account removed", "account_removed"), ("server shutdown", "shutdown"),
        ("HTTP request on the line port", "http_on_line_port"), ("something new", "other"),
    ])
    func reasons_MapToFixedLabels(reason: String, kind: String) {
        #expect(Metrics.disconnectKind(reason) == kind)
    }
}
