import Foundation

/// Erlang A: the M/M/N+M queue, where each waiting customer abandons after an exponential
/// patience (Palm, 1943; Garnett, Mandelbaum & Reiman, "Designing a call center with
/// impatient customers", 2002).
///
/// Computed numerically rather than through incomplete-gamma closed forms, which lose
/// precision: the stationary distribution of the birth–death chain (births λ, deaths
/// min(n, N)·μ + max(n − N, 0)·θ) is summed until its tail is negligible, and the chance an
/// arrival finding k ahead reaches an agent within t without abandoning solves the backward
/// equations u′_j = (Nμ + jθ)(u_{j−1} − u_j) − θ·u_j, u_{−1} = 1, by fourth-order Runge–Kutta.
public struct ErlangA: Hashable, Sendable {
    public var agents: Int
    public var arrivalsPerSecond: Double
    public var averageHandleSeconds: Double
    public var averagePatienceSeconds: Double

    /// The stationary distribution, truncated where the remaining mass is below 1e-14.
    public let stationary: [Double]

    public init(agents: Int, arrivalsPerSecond: Double, averageHandleSeconds: Double, averagePatienceSeconds: Double) {
        self.agents = agents
        self.arrivalsPerSecond = arrivalsPerSecond
        self.averageHandleSeconds = averageHandleSeconds
        self.averagePatienceSeconds = averagePatienceSeconds
        let mu = 1 / averageHandleSeconds
        let theta = 1 / averagePatienceSeconds
        var weights = [1.0]
        var total = 1.0
        var n = 0
        while true {
            n += 1
            let death = Double(min(n, agents)) * mu + Double(max(n - agents, 0)) * theta
            let weight = weights[n - 1] * arrivalsPerSecond / death
            weights.append(weight)
            total += weight
            if n > agents, weight < 1e-14 * total { break }
        }
        stationary = weights.map { $0 / total }
    }

    /// The probability an arrival has to wait (all agents busy, by PASTA).
    public var probabilityOfWaiting: Double { stationary.dropFirst(agents).reduce(0, +) }

    /// The share of arrivals who abandon: λ·P(ab) = θ·E[queue length].
    public var abandonProbability: Double {
        let theta = 1 / averagePatienceSeconds
        let queueLength = stationary.indices.dropFirst(agents).reduce(0.0) { $0 + Double($1 - agents) * stationary[$1] }
        return theta * queueLength / arrivalsPerSecond
    }

    /// The share of arrivals answered within `thresholdSeconds` — with every arrival either
    /// answered or abandoning, it equals answered-in-threshold ÷ (answered + abandoned).
    public func serviceLevel(thresholdSeconds: Double) -> Double {
        let ahead = reachProbabilities(within: thresholdSeconds, maxAhead: stationary.count - agents)
        var level = stationary.prefix(agents).reduce(0, +)
        for k in ahead.indices { level += stationary[agents + k] * ahead[k] }
        return level
    }

    /// u_k(t) for k = 0 ..< maxAhead: the chance to reach an agent within `t` with k ahead.
    func reachProbabilities(within t: Double, maxAhead: Int) -> [Double] {
        guard maxAhead > 0, t > 0 else { return Array(repeating: 0, count: max(0, maxAhead)) }
        let mu = 1 / averageHandleSeconds
        let theta = 1 / averagePatienceSeconds
        let rates = (0..<maxAhead).map { Double(agents) * mu + Double($0) * theta }
        let fastest = (rates.last ?? 0) + theta
        let steps = max(200, Int((t * fastest / 0.05).rounded(.up)))
        let h = t / Double(steps)
        func derivative(_ u: [Double]) -> [Double] {
            var du = [Double](repeating: 0, count: u.count)
            for j in u.indices {
                let previous = j == 0 ? 1 : u[j - 1]
                du[j] = rates[j] * (previous - u[j]) - theta * u[j]
            }
            return du
        }
        var u = [Double](repeating: 0, count: maxAhead)
        for _ in 0..<steps {
            let k1 = derivative(u)
            let k2 = derivative(zip(u, k1).map { $0 + h / 2 * $1 })
            let k3 = derivative(zip(u, k2).map { $0 + h / 2 * $1 })
            let k4 = derivative(zip(u, k3).map { $0 + h * $1 })
            for j in u.indices { u[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]) }
        }
        return u
    }
}
