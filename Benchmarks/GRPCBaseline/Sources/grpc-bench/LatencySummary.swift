/// Percentiles of the latency samples, in microseconds.
struct LatencySummary: Sendable {
    let count: Int
    let p50Micros: Double
    let p99Micros: Double

    init(samples: [Duration]) {
        let sorted = samples.map(\.microseconds).sorted()
        count = sorted.count
        p50Micros = Self.percentile(50, of: sorted)
        p99Micros = Self.percentile(99, of: sorted)
    }

    /// Nearest-rank percentile: always an observed value, no interpolation.
    private static func percentile(_ p: Double, of sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

extension Duration {
    var microseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    }

    var seconds: Double { microseconds / 1e6 }
}
