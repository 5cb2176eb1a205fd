/// One invariant's outcome and the figures behind it.
public struct Verdict: Codable, Sendable, Equatable {
    public var passed: Bool
    /// Snake-case names carrying their unit where they have one (`p99_ms`, `seconds`).
    public var figures: [String: Double]
    /// One line a person reads first: what held, or the first things that did not.
    public var detail: String

    public init(passed: Bool, figures: [String: Double], detail: String) {
        self.passed = passed
        self.figures = figures
        self.detail = detail
    }
}

/// Every verdict a scenario asks for, computed from the run's own records.
public enum Verdicts {
    public static func judge(_ records: RunRecords, scenario: Scenario) -> [String: Verdict] {
        var verdicts: [String: Verdict] = [
            "nothing-lost": nothingLost(records),
            "no-double-handling": noDoubleHandling(records),
            "agent-capacity": agentCapacity(records),
            "service-level": serviceLevel(records, scenario: scenario),
        ]
        if records.contacts.contains(where: { $0.customer != nil }) {
            verdicts["sessions-complete"] = sessionsComplete(records)
        }
        if let spike = scenario.load.spike, let bounds = scenario.thresholds.spike {
            verdicts["spike-answered"] = spikeAnswered(records, spike: spike, bounds: bounds)
            verdicts["spike-recovery"] = spikeRecovery(records, spike: spike, bounds: bounds,
                                                       level: scenario.thresholds.serviceLevel)
        }
        if let tolerance = scenario.thresholds.overflowToleranceSeconds {
            verdicts["overflow-reach"] = overflowReach(records, tenant: scenario.tenant, tolerance: tolerance)
        }
        if let bound = scenario.thresholds.failoverSeconds {
            verdicts["failover"] = recovery(records, kind: .failover, bound: bound)
        }
        if let bound = scenario.thresholds.convergenceSeconds {
            verdicts["convergence"] = recovery(records, kind: .convergence, bound: bound)
        }
        return verdicts
    }

    /// A few examples for a failed verdict's detail line.
    static func examples(_ items: [String], limit: Int = 5) -> String {
        items.prefix(limit).joined(separator: ", ") + (items.count > limit ? ", … (\(items.count) in all)" : "")
    }
}
