/// The bounds the verdicts hold the run to. A verdict whose threshold is absent is not judged.
public struct Thresholds: Codable, Sendable, Equatable {
    /// The service-level target, e.g. 80% of contacts answered within 10 s.
    public struct ServiceLevel: Codable, Sendable, Equatable {
        public var answeredWithinSeconds: Double
        public var target: Double
        /// Outside any spike (and fault), arrivals in each window of this many seconds meet the target.
        public var windowSeconds: Double

        public init(answeredWithinSeconds: Double, target: Double, windowSeconds: Double = 10) {
            self.answeredWithinSeconds = answeredWithinSeconds
            self.target = target
            self.windowSeconds = windowSeconds
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            answeredWithinSeconds = try container.decode(Double.self, forKey: .answeredWithinSeconds)
            target = try container.decode(Double.self, forKey: .target)
            windowSeconds = try container.decodeIfPresent(Double.self, forKey: .windowSeconds) ?? 10
        }
    }

    /// During the spike: every request answered, p99 bounded; after it, the service level back.
    public struct Spike: Codable, Sendable, Equatable {
        public var p99Milliseconds: Double
        /// Seconds after the spike ends by which a window of arrivals meets the service-level target again.
        public var recoverWithinSeconds: Double

        public init(p99Milliseconds: Double, recoverWithinSeconds: Double) {
            self.p99Milliseconds = p99Milliseconds
            self.recoverWithinSeconds = recoverWithinSeconds
        }
    }

    public var serviceLevel: ServiceLevel
    public var spike: Spike?
    /// A contact that waits past its queue's overflow time reaches another region's agent
    /// within that time plus this tolerance.
    public var overflowToleranceSeconds: Double?
    /// After a node is killed, every shard has a live primary within this bound.
    public var failoverSeconds: Double?
    /// After a heal or restart, every running node sees every running node alive within this bound.
    public var convergenceSeconds: Double?

    public init(serviceLevel: ServiceLevel, spike: Spike? = nil, overflowToleranceSeconds: Double? = nil,
                failoverSeconds: Double? = nil, convergenceSeconds: Double? = nil) {
        self.serviceLevel = serviceLevel
        self.spike = spike
        self.overflowToleranceSeconds = overflowToleranceSeconds
        self.failoverSeconds = failoverSeconds
        self.convergenceSeconds = convergenceSeconds
    }

    func validate() throws(ScenarioError) {
        guard serviceLevel.answeredWithinSeconds > 0, (0...1).contains(serviceLevel.target), serviceLevel.windowSeconds >= 1 else {
            throw ScenarioError(path: "thresholds.serviceLevel", problem: "needs answeredWithinSeconds > 0, target 0…1, windowSeconds ≥ 1")
        }
        if let spike, spike.p99Milliseconds <= 0 || spike.recoverWithinSeconds <= 0 {
            throw ScenarioError(path: "thresholds.spike", problem: "needs p99Milliseconds and recoverWithinSeconds above 0")
        }
        for (name, value) in [("overflowToleranceSeconds", overflowToleranceSeconds), ("failoverSeconds", failoverSeconds),
                              ("convergenceSeconds", convergenceSeconds)] {
            if let value, value <= 0 { throw ScenarioError(path: "thresholds.\(name)", problem: "must be above 0") }
        }
    }
}
