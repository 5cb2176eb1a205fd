import ContactCenter

struct QueueStatsView: Encodable {
    var queueId: UInt32
    var region: String
    var waiting: Int
    var longestWaitSeconds: Double
    var offered: Int
    var answered: Int
    var abandoned: Int
    var serviceLevel: Double?
    var asaSeconds: Double?
    var ahtSeconds: Double?
    var abandonRate: Double?
    var occupancy: Double?

    init(_ stats: QueueStatistics, region: String) {
        queueId = stats.queue.rawValue
        self.region = region
        waiting = stats.waiting
        longestWaitSeconds = stats.longestWaitSeconds
        offered = stats.offered
        answered = stats.answered
        abandoned = stats.abandoned
        serviceLevel = stats.serviceLevel
        asaSeconds = stats.averageSpeedOfAnswerSeconds
        ahtSeconds = stats.averageHandleSeconds
        abandonRate = stats.abandonRate
        occupancy = stats.occupancy
    }
}

struct AgentStatsView: Encodable {
    var agentId: UInt32
    var region: String
    var status: WireStatus
    var state: WireAgentState
    var holding: [String: Int]
    var handled: Int
    var ahtSeconds: Double?
    var occupancy: Double?

    init(_ stats: AgentStatistics, region: String) {
        agentId = stats.agent.rawValue
        self.region = region
        status = WireStatus(stats.status)
        state = WireAgentState(stats.state)
        holding = Dictionary(uniqueKeysWithValues: Channel.allCases.filter { stats.holding[$0.index] > 0 }
            .map { (WireChannel($0).rawValue, stats.holding[$0.index]) })
        handled = stats.handled
        ahtSeconds = stats.averageHandleSeconds
        occupancy = stats.occupancy
    }
}

struct StatsView: Encodable {
    var tenantId: UInt32
    var at: Double
    var queues: [QueueStatsView]
    var agents: [AgentStatsView]
}
