/// Live statistics, read from counters the engine keeps as events happen. Reading a queue
/// costs O(1) plus dropping stale wait entries; occupancy sums over the queue's agents.
extension RoutingEngine {
    public func agentStatistics(_ id: AgentID, at time: Timestamp) -> AgentStatistics? {
        guard let slot = agentSlots[id] else { return nil }
        return agentStatistics(slot: Int(slot), at: max(time.seconds, clock))
    }

    func agentStatistics(slot: Int, at now: Double) -> AgentStatistics {
        let record = agents[slot]
        var counters = record.counters
        counters.book(until: now, staffed: record.status == .available || record.held > 0, busy: record.held > 0)
        return AgentStatistics(
            agent: record.agent.id, status: record.status, state: record.state,
            holding: Channel.allCases.map { Int(record.used[$0.index]) },
            consecutiveMisses: Int(record.consecutiveMisses), handled: counters.handled,
            averageHandleSeconds: counters.handled > 0 ? counters.handleSeconds / Double(counters.handled) : nil,
            staffedSeconds: counters.staffedSeconds, busySeconds: counters.busySeconds,
            occupancy: counters.staffedSeconds > 0 ? counters.busySeconds / counters.staffedSeconds : nil)
    }

    /// Every queue's figures, in configuration order.
    public mutating func queueStatistics(at time: Timestamp) -> [QueueStatistics] {
        let now = max(time.seconds, clock)
        var staffed = Array(repeating: 0.0, count: queues.count)
        var busy = Array(repeating: 0.0, count: queues.count)
        for slot in agents.indices where !agents[slot].removed {
            let figures = agentStatistics(slot: slot, at: now)
            for membership in agents[slot].memberships where targets[Int(membership.target)].ring == 0 {
                let queue = Int(targets[Int(membership.target)].queueSlot)
                staffed[queue] += figures.staffedSeconds
                busy[queue] += figures.busySeconds
            }
        }
        return queues.indices.map { slot in
            statistics(ofQueue: slot, now: now, occupancy: staffed[slot] > 0 ? busy[slot] / staffed[slot] : nil)
        }
    }

    /// One queue's figures; occupancy is left out (it needs a pass over the agents).
    public mutating func queueStatistics(_ id: QueueID, at time: Timestamp) -> QueueStatistics? {
        guard let slot = queueSlots[id] else { return nil }
        return statistics(ofQueue: Int(slot), now: max(time.seconds, clock), occupancy: nil)
    }

    mutating func statistics(ofQueue slot: Int, now: Double, occupancy: Double?) -> QueueStatistics {
        while let oldest = queues[slot].waits.min, !isWaiting(oldest) {
            queues[slot].waits.removeMin()
        }
        let record = queues[slot]
        let counters = record.counters
        let finished = counters.answered + counters.abandoned
        return QueueStatistics(
            queue: record.queue.id, waiting: record.queued,
            longestWaitSeconds: record.waits.min.map { max(0, now - $0.waitingSince) } ?? 0,
            offered: counters.offered, answered: counters.answered,
            answeredWithinThreshold: counters.answeredWithinThreshold, abandoned: counters.abandoned,
            overflowedIn: counters.overflowedIn, overflowedOut: counters.overflowedOut,
            maxWaitExceeded: counters.maxWaitExceeded, handled: counters.handled,
            serviceLevelThresholdSeconds: record.queue.serviceLevel.thresholdSeconds,
            serviceLevel: finished > 0 ? Double(counters.answeredWithinThreshold) / Double(finished) : nil,
            averageSpeedOfAnswerSeconds: counters.answered > 0 ? counters.answerWaitSeconds / Double(counters.answered) : nil,
            averageHandleSeconds: counters.handled > 0 ? counters.handleSeconds / Double(counters.handled) : nil,
            abandonRate: finished > 0 ? Double(counters.abandoned) / Double(finished) : nil,
            occupancy: occupancy)
    }

    /// Starts a new statistics period: counters restart; contacts and agents are untouched.
    mutating func restartStatistics(now: Double) {
        for slot in queues.indices { queues[slot].counters = QueueCounters() }
        for slot in agents.indices { agents[slot].counters = AgentCounters(at: now) }
    }
}
