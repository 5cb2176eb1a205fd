/// The customers: Poisson arrivals per queue, a spike window, channels, handle times
/// (exponential above a floor) and patience (exponential), all drawn from the seed.
public struct LoadProfile: Codable, Sendable, Equatable {
    public struct Arrivals: Codable, Sendable, Equatable {
        public var queue: Int
        public var perSecond: Double

        public init(queue: Int, perSecond: Double) {
            self.queue = queue
            self.perSecond = perSecond
        }
    }

    /// The arrival rate times `factor` from `fromSecond` for `seconds`: 4 is a 300% spike.
    public struct Spike: Codable, Sendable, Equatable {
        public var factor: Double
        public var fromSecond: Double
        public var seconds: Double

        public init(factor: Double, fromSecond: Double, seconds: Double) {
            self.factor = factor
            self.fromSecond = fromSecond
            self.seconds = seconds
        }

        public var until: Double { fromSecond + seconds }
    }

    /// How long customers keep arriving.
    public var seconds: Double
    /// How long agents go on working once arrivals stop, before the final audit.
    public var drainSeconds: Double
    public var arrivals: [Arrivals]
    public var spike: Spike?
    /// Channel weights, e.g. voice 3, chat 1.
    public var channels: [String: Double]
    public var handleSeconds: Double
    public var minimumHandleSeconds: Double
    /// Mean patience; a customer still queued after theirs abandons.
    public var patienceSeconds: Double
    /// Customer IDs are drawn from 1…customers, so some come back on another channel.
    public var customers: Int

    public init(seconds: Double, drainSeconds: Double = 20, arrivals: [Arrivals], spike: Spike? = nil,
                channels: [String: Double], handleSeconds: Double, minimumHandleSeconds: Double = 1,
                patienceSeconds: Double, customers: Int = 1_000) {
        self.seconds = seconds
        self.drainSeconds = drainSeconds
        self.arrivals = arrivals
        self.spike = spike
        self.channels = channels
        self.handleSeconds = handleSeconds
        self.minimumHandleSeconds = minimumHandleSeconds
        self.patienceSeconds = patienceSeconds
        self.customers = customers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seconds = try container.decode(Double.self, forKey: .seconds)
        drainSeconds = try container.decodeIfPresent(Double.self, forKey: .drainSeconds) ?? 20
        arrivals = try container.decode([Arrivals].self, forKey: .arrivals)
        spike = try container.decodeIfPresent(Spike.self, forKey: .spike)
        channels = try container.decode([String: Double].self, forKey: .channels)
        handleSeconds = try container.decode(Double.self, forKey: .handleSeconds)
        minimumHandleSeconds = try container.decodeIfPresent(Double.self, forKey: .minimumHandleSeconds) ?? 1
        patienceSeconds = try container.decode(Double.self, forKey: .patienceSeconds)
        customers = try container.decodeIfPresent(Int.self, forKey: .customers) ?? 1_000
    }

    /// The rate factor at `second` since the load began.
    public func factor(at second: Double) -> Double {
        guard let spike, second >= spike.fromSecond, second < spike.until else { return 1 }
        return spike.factor
    }

    func validate(queues: [Int]) throws(ScenarioError) {
        guard (5...3_600).contains(seconds) else { throw ScenarioError(path: "load.seconds", problem: "must be from 5 to 3600") }
        guard (0...600).contains(drainSeconds) else {
            throw ScenarioError(path: "load.drainSeconds", problem: "must be from 0 to 600")
        }
        guard !arrivals.isEmpty else { throw ScenarioError(path: "load.arrivals", problem: "must name at least one queue") }
        for (index, arrival) in arrivals.enumerated() {
            guard queues.contains(arrival.queue) else {
                throw ScenarioError(path: "load.arrivals[\(index)].queue", problem: "must be one of the tenant's queues \(queues)")
            }
            guard arrival.perSecond > 0, arrival.perSecond <= 500 else {
                throw ScenarioError(path: "load.arrivals[\(index)].perSecond", problem: "must be above 0 and at most 500")
            }
        }
        if let spike {
            guard spike.factor >= 1, spike.factor <= 20 else {
                throw ScenarioError(path: "load.spike.factor", problem: "must be from 1 to 20")
            }
            guard spike.fromSecond >= 0, spike.seconds > 0, spike.until <= seconds else {
                throw ScenarioError(path: "load.spike", problem: "must lie within the load's \(seconds) s")
            }
        }
        guard !channels.isEmpty, channels.values.allSatisfy({ $0 >= 0 }), channels.values.reduce(0, +) > 0 else {
            throw ScenarioError(path: "load.channels", problem: "must give each channel a weight of 0 or more, not all 0")
        }
        for channel in channels.keys where !TenantShape.channels.contains(channel) {
            throw ScenarioError(path: "load.channels.\(channel)", problem: "is not a channel: \(TenantShape.channels.sorted())")
        }
        guard handleSeconds > 0, handleSeconds <= 3_600, minimumHandleSeconds >= 0, minimumHandleSeconds <= handleSeconds else {
            throw ScenarioError(path: "load.handleSeconds", problem: "must be above 0 and at least minimumHandleSeconds")
        }
        guard patienceSeconds > 0, patienceSeconds <= 86_400 else {
            throw ScenarioError(path: "load.patienceSeconds", problem: "must be above 0")
        }
        guard (1...1_000_000).contains(customers) else {
            throw ScenarioError(path: "load.customers", problem: "must be from 1 to 1000000")
        }
    }
}
