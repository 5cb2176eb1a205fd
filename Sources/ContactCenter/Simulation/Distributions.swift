import Foundation
import SeededRandom

/// How long conversations last (talk time; wrap-up is the agent's own setting).
public enum HandleTimeDistribution: Hashable, Sendable, Codable {
    case exponential(meanSeconds: Double)
    /// Lognormal with the given mean and coefficient of variation (σ/mean), the usual fit for
    /// real call durations (Brown et al., JASA 2005).
    case lognormal(meanSeconds: Double, coefficientOfVariation: Double)

    public var meanSeconds: Double {
        switch self {
        case let .exponential(mean), let .lognormal(mean, _): mean
        }
    }

    public func sample(_ random: inout SplitMix64) -> Double {
        switch self {
        case let .exponential(mean):
            return Sampling.exponential(mean: mean, &random)
        case let .lognormal(mean, cv):
            let variance = log(1 + cv * cv)
            let location = log(mean) - variance / 2
            return exp(location + variance.squareRoot() * Sampling.standardNormal(&random))
        }
    }
}

/// How long a waiting customer stays before hanging up.
public enum PatienceDistribution: Hashable, Sendable, Codable {
    case infinite
    case exponential(meanSeconds: Double)

    /// Seconds of patience, nil for a customer who never abandons.
    public func sample(_ random: inout SplitMix64) -> Double? {
        switch self {
        case .infinite: nil
        case let .exponential(mean): Sampling.exponential(mean: mean, &random)
        }
    }
}

/// Variates drawn from a seeded generator by inversion and Box–Muller.
enum Sampling {
    static func exponential(mean: Double, _ random: inout SplitMix64) -> Double {
        // 1 − U lies in (0, 1], so the logarithm is finite.
        -mean * log(1 - random.nextUnit())
    }

    static func standardNormal(_ random: inout SplitMix64) -> Double {
        let u1 = 1 - random.nextUnit()
        let u2 = random.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
