/// The demand on one queue: how many contacts, on which channel, how long they take, how
/// patient their customers are.
public struct QueueDemand: Hashable, Sendable, Codable {
    public var queue: QueueID
    public var channel: Channel
    /// The base Poisson rate, scaled over time by `profile`.
    public var arrivalsPerHour: Double
    public var profile: ArrivalProfile
    public var handleTime: HandleTimeDistribution
    public var patience: PatienceDistribution
    /// The share of contacts from VIP (gold) customers.
    public var vipShare: Double

    public init(queue: QueueID, channel: Channel = .voice, arrivalsPerHour: Double, profile: ArrivalProfile = .flat,
                handleTime: HandleTimeDistribution, patience: PatienceDistribution = .infinite, vipShare: Double = 0) {
        self.queue = queue
        self.channel = channel
        self.arrivalsPerHour = arrivalsPerHour
        self.profile = profile
        self.handleTime = handleTime
        self.patience = patience
        self.vipShare = vipShare
    }
}

/// One region of a simulation: a routing domain with its agents and the demand on its queues.
public struct RegionScenario: Hashable, Sendable, Codable {
    public var configuration: RoutingDomainConfiguration
    public var agents: [Agent]
    public var demand: [QueueDemand]

    public init(configuration: RoutingDomainConfiguration, agents: [Agent], demand: [QueueDemand]) {
        self.configuration = configuration
        self.agents = agents
        self.demand = demand
    }
}

/// Everything a simulation run needs, seed included: the same scenario always produces the
/// same report.
public struct SimulationScenario: Hashable, Sendable, Codable {
    public var regions: [RegionScenario]
    /// Arrivals stop after this long; contacts still present then are served to the end.
    public var durationSeconds: Double
    /// Contacts arriving before this are simulated but left out of the figures, so
    /// steady-state comparisons start from a loaded system.
    public var warmUpSeconds: Double
    /// The length of a reporting interval (15 minutes in the industry).
    public var intervalSeconds: Double
    /// The chance an agent rejects an offer; the rest accept after `acceptDelaySeconds`.
    public var rejectProbability: Double
    public var acceptDelaySeconds: Double
    public var seed: UInt64

    public init(regions: [RegionScenario], durationSeconds: Double, warmUpSeconds: Double = 0, intervalSeconds: Double = 900,
                rejectProbability: Double = 0, acceptDelaySeconds: Double = 0, seed: UInt64) {
        self.regions = regions
        self.durationSeconds = durationSeconds
        self.warmUpSeconds = warmUpSeconds
        self.intervalSeconds = intervalSeconds
        self.rejectProbability = rejectProbability
        self.acceptDelaySeconds = acceptDelaySeconds
        self.seed = seed
    }
}
