/// How a queue's arrival rate varies over the day, as a multiplier of its base rate.
/// Arrivals are a non-homogeneous Poisson process drawn by thinning (Lewis & Shedler, 1979)
/// against `peakMultiplier`.
public enum ArrivalProfile: Hashable, Sendable, Codable {
    /// The base rate all day.
    case flat
    /// A two-peaked working day (late morning, mid-afternoon), low at night; its mean over the day is 0.92.
    case daily
    /// The base rate, times `multiplier` from `startSeconds` for `durationSeconds` — the
    /// product card's 300% spike is `multiplier: 4`.
    case spike(startSeconds: Double, durationSeconds: Double, multiplier: Double)

    /// Hourly multipliers of `daily`, hour 0 first.
    static let dailyCurve: [Double] = [
        0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.8, 1.3, 1.75, 1.9, 1.8,
        1.5, 1.6, 1.8, 1.75, 1.55, 1.35, 1.1, 0.9, 0.7, 0.5, 0.35, 0.22,
    ]

    public func multiplier(at seconds: Double) -> Double {
        switch self {
        case .flat:
            return 1
        case .daily:
            let hour = Int((seconds / 3600).rounded(.down)) % 24
            return Self.dailyCurve[(hour + 24) % 24]
        case let .spike(start, duration, multiplier):
            return (start..<(start + duration)).contains(seconds) ? multiplier : 1
        }
    }

    public var peakMultiplier: Double {
        switch self {
        case .flat: 1
        case .daily: Self.dailyCurve.max() ?? 1
        case let .spike(_, _, multiplier): max(1, multiplier)
        }
    }
}
