/// Everything a run found, as `--json` prints it and `report.json` keeps it.
public struct ChaosReport: Codable, Sendable {
    public var scenario: String
    public var seed: UInt64
    public var passed: Bool
    /// Invariant name → verdict, with the figures behind it.
    public var verdicts: [String: Verdict]
    /// The run's totals: requests, acknowledged, completed, abandoned, refused, and so on.
    public var figures: [String: Double]
    public var faults: [FaultRecord]
    public var recoveries: [RecoveryRecord]
    /// One point per second of the run, as the plot shows it.
    public var timeline: [TimelinePoint]
    /// The command that runs this scenario again with the same seed.
    public var replay: String

    public init(scenario: String, seed: UInt64, verdicts: [String: Verdict], figures: [String: Double],
                faults: [FaultRecord], recoveries: [RecoveryRecord], timeline: [TimelinePoint], replay: String) {
        self.scenario = scenario
        self.seed = seed
        passed = verdicts.values.allSatisfy(\.passed)
        self.verdicts = verdicts
        self.figures = figures
        self.faults = faults
        self.recoveries = recoveries
        self.timeline = timeline
        self.replay = replay
    }
}

/// One second of the run, computed from the records alone.
public struct TimelinePoint: Codable, Sendable, Equatable {
    /// Seconds since the load began (the start of this one-second bucket).
    public var second: Int
    /// Contact requests sent in this second, and how many of them were acknowledged.
    public var arrivals: Int
    public var acknowledged: Int
    /// Acknowledged contacts not yet answered by an agent nor abandoned, at the end of the second.
    public var queueLength: Int
    /// Service level of the contacts that arrived in the window ending with this second;
    /// nil when none of them can be counted yet.
    public var serviceLevel: Double?
    /// Share of the agents still working that held at least one contact at the end of the second.
    public var occupancy: Double

    public init(second: Int, arrivals: Int, acknowledged: Int, queueLength: Int, serviceLevel: Double?, occupancy: Double) {
        self.second = second
        self.arrivals = arrivals
        self.acknowledged = acknowledged
        self.queueLength = queueLength
        self.serviceLevel = serviceLevel
        self.occupancy = occupancy
    }
}
