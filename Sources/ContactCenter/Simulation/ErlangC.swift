import Foundation

/// Erlang C: the M/M/N queue with infinite patience (A. K. Erlang, 1917; the formulas as in
/// Gans, Koole & Mandelbaum, "Telephone call centers: tutorial, review, and research
/// prospects", 2003, §4.1). Valid for `offeredLoad < agents`; at or past it the queue grows
/// without bound and the figures are those of a saturated queue (all wait, SL 0).
public struct ErlangC: Hashable, Sendable {
    public var agents: Int
    /// Arrival rate × average handle time, in Erlangs.
    public var offeredLoad: Double
    public var averageHandleSeconds: Double

    public init(agents: Int, arrivalsPerSecond: Double, averageHandleSeconds: Double) {
        self.agents = agents
        self.averageHandleSeconds = averageHandleSeconds
        offeredLoad = arrivalsPerSecond * averageHandleSeconds
    }

    /// Erlang B by its stable recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)).
    public var blockingProbability: Double {
        var b = 1.0
        for k in stride(from: 1, through: agents, by: 1) {
            b = offeredLoad * b / (Double(k) + offeredLoad * b)
        }
        return b
    }

    /// The probability an arrival waits at all: C(N, A) = N·B / (N − A·(1 − B)).
    public var probabilityOfWaiting: Double {
        guard offeredLoad < Double(agents) else { return 1 }
        let b = blockingProbability
        let n = Double(agents)
        return n * b / (n - offeredLoad * (1 - b))
    }

    /// P(wait ≤ t) = 1 − C·e^{−(N − A)·t / AHT}.
    public func serviceLevel(thresholdSeconds: Double) -> Double {
        guard offeredLoad < Double(agents) else { return 0 }
        return 1 - probabilityOfWaiting * exp(-(Double(agents) - offeredLoad) * thresholdSeconds / averageHandleSeconds)
    }

    /// Mean wait over all arrivals: C·AHT / (N − A).
    public var averageSpeedOfAnswerSeconds: Double {
        guard offeredLoad < Double(agents) else { return .infinity }
        return probabilityOfWaiting * averageHandleSeconds / (Double(agents) - offeredLoad)
    }

    /// Agent occupancy A / N.
    public var occupancy: Double { min(1, offeredLoad / Double(agents)) }
}
