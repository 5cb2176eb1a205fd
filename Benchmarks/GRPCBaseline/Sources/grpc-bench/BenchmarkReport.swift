/// The figures of one client run and their two renderings.
struct BenchmarkReport: Sendable {
    let endpoint: String
    let workload: Workload
    let latency: LatencySummary
    let completedCalls: Int

    var callsPerSecond: Double { Double(completedCalls) / workload.throughputWindow.seconds }

    /// Exactly one JSON object on one line, keys in a fixed order. Built by
    /// hand: five numbers don't justify pulling Foundation into the binary.
    var json: String {
        let fields: [(String, String)] = [
            ("grpc_calls_per_s", Self.oneDecimal(callsPerSecond)),
            ("grpc_p50_us", Self.oneDecimal(latency.p50Micros)),
            ("grpc_p99_us", Self.oneDecimal(latency.p99Micros)),
            ("payload_bytes", String(workload.payloadBytes)),
            ("in_flight", String(workload.inFlight)),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    var table: String {
        let rows: [(String, String)] = [
            ("endpoint", "\(endpoint) (grpc-swift-2, HTTP/2 plaintext)"),
            ("payload", "\(workload.payloadBytes) B each way"),
            ("latency calls", "\(latency.count) sequential, after \(Workload.warmUp) warm-up"),
            ("latency p50", "\(Self.oneDecimal(latency.p50Micros)) µs"),
            ("latency p99", "\(Self.oneDecimal(latency.p99Micros)) µs"),
            ("in flight", "\(workload.inFlight) callers, one HTTP/2 connection"),
            ("window", "\(workload.throughputWindow) after \(Workload.warmUp) warm-up, \(completedCalls) calls"),
            ("throughput", "\(Int(callsPerSecond.rounded())) calls/s"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { label, value in
            label + String(repeating: " ", count: width - label.count + 2) + value
        }.joined(separator: "\n")
    }

    /// Rounds to 0.1 and prints without an exponent for the magnitudes we
    /// produce (well under 1e16), which keeps the JSON valid and readable.
    private static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return String((value * 10).rounded() / 10)
    }
}
