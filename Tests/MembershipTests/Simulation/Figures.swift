/// Small statistics for reporting simulated figures.
enum Figures {
    /// The q-quantile (0...1) by the nearest-rank method.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    static func log2(_ n: Int) -> Double {
        var value = Double(n)
        var result = 0.0
        // Integer part by halving, then the fractional part from the remaining
        // factor in [1, 2) by repeated squaring — enough precision for a report.
        while value >= 2 { value /= 2; result += 1 }
        var bit = 0.5
        for _ in 0..<30 {
            value *= value
            if value >= 2 { value /= 2; result += bit }
            bit /= 2
        }
        return result
    }

    static func format(_ value: Double, decimals: Int = 2) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return "\(rounded)"
    }
}
