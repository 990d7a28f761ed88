// A real HTTP client for the metrics port: curl when installed, else Python's urllib. Both are
// separate processes, so the server is exercised exactly as Prometheus or an operator would.
import Foundation

enum HTTPFetch {
    struct Response {
        let status: Int
        let body: String
    }

    static func get(_ url: String) throws -> Response {
        let out: String
        if let curl = executable("curl") {
            // -s quiet, -S show errors, --max-time so a hang fails the test instead of blocking it.
            out = try run(curl, ["-sS", "--max-time", "10", "-o", "-", "-w", "\n%{http_code}", url])
        } else {
            let script = """
            import sys, urllib.request, urllib.error
            try:
                r = urllib.request.urlopen(sys.argv[1], timeout=10); body, code = r.read(), r.status
            except urllib.error.HTTPError as e:
                body, code = e.read(), e.code
            sys.stdout.write(body.decode() + "\\n" + str(code))
            """
            out = try run(executable("python3") ?? "/usr/bin/python3", ["-c", script, url])
        }
        guard let nl = out.lastIndex(of: "\n"), let status = Int(out[out.index(after: nl)...]) else {
            throw FetchError(description: "no status from \(url): \(out)")
        }
        return Response(status: status, body: String(out[..<nl]))
    }

    struct FetchError: Error, CustomStringConvertible { let description: String }

    static func executable(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool with its output discarded; returns its exit status.
    static func runStatus(_ path: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    static func run(_ path: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// One scrape of /metrics: samples by their full name with labels, as written.
struct Scrape {
    let text: String
    let samples: [String: Double]

    init(_ text: String) {
        self.text = text
        var s: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let sp = line.lastIndex(of: " "), let v = Double(line[line.index(after: sp)...]) else { continue }
            s[String(line[..<sp])] = v
        }
        samples = s
    }

    subscript(_ series: String) -> Double? { samples[series] }
}
