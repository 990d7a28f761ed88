// The Prometheus text exposition format (version 0.0.4), written by hand: `# HELP` and `# TYPE`
// once per family, then its samples. Label values are escaped (\\, \", \n) as the format asks;
// help text escapes \\ and \n only.
public struct PrometheusText {
    public private(set) var text = ""
    private var families: Set<String> = []

    public init() {}

    public enum Kind: String { case counter, gauge, histogram }

    /// Starts a family; each name is declared once (a second call is ignored).
    public mutating func family(_ name: String, _ kind: Kind, _ help: String) {
        guard families.insert(name).inserted else { return }
        text += "# HELP \(name) \(PrometheusText.escapeHelp(help))\n# TYPE \(name) \(kind.rawValue)\n"
    }

    public mutating func sample(_ name: String, _ value: Double, _ labels: [(String, String)] = []) {
        text += name + PrometheusText.labels(labels) + " " + PrometheusText.number(value) + "\n"
    }

    public mutating func sample(_ name: String, _ value: Int, _ labels: [(String, String)] = []) {
        text += name + PrometheusText.labels(labels) + " \(value)\n"
    }

    /// One family of each `(labels, value)`, e.g. commands by name.
    public mutating func counter(_ name: String, _ help: String, label: String, _ values: [String: Int]) {
        family(name, .counter, help)
        for key in values.keys.sorted() { sample(name, values[key]!, [(label, key)]) }
    }

    public mutating func gauge(_ name: String, _ help: String, _ value: Double) {
        family(name, .gauge, help)
        sample(name, value)
    }

    public mutating func histogram(_ name: String, _ help: String, _ h: Histogram) {
        family(name, .histogram, help)
        var cumulative = 0
        for (bound, n) in zip(h.bounds, h.counts) {
            cumulative += n
            sample(name + "_bucket", cumulative, [("le", PrometheusText.number(bound))])
        }
        sample(name + "_bucket", h.count, [("le", "+Inf")])
        sample(name + "_sum", h.sum)
        sample(name + "_count", h.count)
    }

    static func labels(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        return "{" + pairs.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
    }

    public static func escapeLabel(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func escapeHelp(_ s: String) -> String {
        s.replacingAll("\\", with: "\\\\").replacingAll("\n", with: "\\n")
    }

    /// Go's strconv-style float: integers without a fraction, `+Inf`, `NaN`.
    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}

/// A fixed-bucket histogram (counts per upper bound, plus sum and count), loop-confined.
public struct Histogram: Sendable {
    public let bounds: [Double]
    public private(set) var counts: [Int]
    public private(set) var sum = 0.0
    public private(set) var count = 0

    public init(bounds: [Double]) {
        self.bounds = bounds
        counts = Array(repeating: 0, count: bounds.count)
    }

    public mutating func observe(_ v: Double) {
        if let i = bounds.firstIndex(where: { v <= $0 }) { counts[i] += 1 }
        sum += v
        count += 1
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
