/// Counts for one queue over one span of a simulation, and the figures derived from them.
/// Service level is answered within the threshold ÷ (answered + abandoned), as in
/// `QueueStatistics`.
public struct SimulationFigures: Hashable, Sendable, Codable {
    public var offered = 0
    public var answered = 0
    public var answeredWithinThreshold = 0
    public var abandoned = 0
    /// Refused on arrival (queue closed or full).
    public var refused = 0
    /// Left for the queue's fallback after its maximum wait.
    public var maxWaitExceeded = 0
    public var answerWaitSeconds = 0.0
    public var busySeconds = 0.0
    public var staffedSeconds = 0.0

    public init() {}

    public var serviceLevel: Double? {
        answered + abandoned > 0 ? Double(answeredWithinThreshold) / Double(answered + abandoned) : nil
    }

    public var averageSpeedOfAnswerSeconds: Double? { answered > 0 ? answerWaitSeconds / Double(answered) : nil }

    public var abandonRate: Double? { answered + abandoned > 0 ? Double(abandoned) / Double(answered + abandoned) : nil }

    /// Busy ÷ staffed time of the agents eligible for the queue.
    public var occupancy: Double? { staffedSeconds > 0 ? busySeconds / staffedSeconds : nil }

    mutating func add(_ other: SimulationFigures) {
        offered += other.offered
        answered += other.answered
        answeredWithinThreshold += other.answeredWithinThreshold
        abandoned += other.abandoned
        refused += other.refused
        maxWaitExceeded += other.maxWaitExceeded
        answerWaitSeconds += other.answerWaitSeconds
        busySeconds += other.busySeconds
        staffedSeconds += other.staffedSeconds
    }
}

/// What a simulation produced: per queue, per interval, and the analytic prediction when
/// the scenario is a single M/M/N or M/M/N+M queue.
public struct SimulationReport: Hashable, Sendable, Codable {
    public struct QueueReport: Hashable, Sendable, Codable {
        public var region: RegionID
        public var queue: QueueID
        public var name: String
        public var thresholdSeconds: Double
        public var agents: Int
        public var total: SimulationFigures
        /// One entry per reporting interval, by arrival time.
        public var intervals: [SimulationFigures]
    }

    /// Erlang C (no abandonment) or Erlang A (exponential patience) for the same queue.
    public struct Prediction: Hashable, Sendable, Codable {
        public var model: String
        public var serviceLevel: Double
        public var abandonRate: Double
        public var averageSpeedOfAnswerSeconds: Double?
        public var occupancy: Double?
    }

    public var seed: UInt64
    public var durationSeconds: Double
    public var warmUpSeconds: Double
    public var intervalSeconds: Double
    public var agents: Int
    public var contacts: Int
    public var events: Int
    public var queues: [QueueReport]
    public var prediction: Prediction?

    /// All queues together, per interval.
    public var intervalTotals: [SimulationFigures] {
        let count = queues.map(\.intervals.count).max() ?? 0
        return (0..<count).map { index in
            var sum = SimulationFigures()
            for queue in queues where index < queue.intervals.count { sum.add(queue.intervals[index]) }
            return sum
        }
    }
}
