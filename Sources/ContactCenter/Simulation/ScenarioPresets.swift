import SeededRandom

/// Ready scenarios: the single M/M/N(+M) queue the Erlang formulas describe, and a
/// contact center with several queues, skills, channels and two regions.
extension SimulationScenario {
    /// One queue, one skill, `agents` identical voice agents with no wrap-up, offers accepted
    /// at once: exactly M/M/N (Erlang C), or M/M/N+M (Erlang A) with exponential patience.
    public static func singleQueue(
        arrivalsPerHour: Double, handleTime: HandleTimeDistribution, agents: Int, serviceLevelSeconds: Double,
        patience: PatienceDistribution = .infinite, profile: ArrivalProfile = .flat,
        durationSeconds: Double, warmUpSeconds: Double = 0, intervalSeconds: Double = 900, seed: UInt64
    ) throws(DomainError) -> SimulationScenario {
        let skill = SkillID(1)
        let queue = Queue(id: QueueID(1), name: "main", requirements: [try SkillRequirement(skill)],
                          serviceLevel: try ServiceLevelTarget(fraction: 0.8, thresholdSeconds: serviceLevelSeconds))
        let region = RegionID(1)
        let staff = try (0..<agents).map { (index: Int) throws(DomainError) -> Agent in
            Agent(id: AgentID(UInt32(index + 1)), region: region, skills: [try SkillLevel(skill, proficiency: 3)])
        }
        let demand = QueueDemand(queue: queue.id, arrivalsPerHour: arrivalsPerHour, profile: profile, handleTime: handleTime, patience: patience)
        let configuration = RoutingDomainConfiguration(tenant: TenantID(1), region: region, queues: [queue])
        return SimulationScenario(regions: [RegionScenario(configuration: configuration, agents: staff, demand: [demand])],
                                  durationSeconds: durationSeconds, warmUpSeconds: warmUpSeconds, intervalSeconds: intervalSeconds, seed: seed)
    }

    /// A day in a two-region contact center: in each region, billing and tech support on
    /// voice, sales on chat and WeChat, and a VIP line; skills with proficiency 1–5; bullseye
    /// widening on tech support, billing overflowing to the general line, the VIP line
    /// overflowing to the other region; lognormal handle times, exponential patience, a daily
    /// curve with a 4× spike at 10:00 for 30 minutes in the first region. `agents` are split
    /// evenly; arrival rates are sized for about 85% occupancy.
    public static func contactCenter(agents: Int, durationSeconds: Double = 86_400, seed: UInt64) throws(DomainError) -> SimulationScenario {
        let billing = SkillID(1), tech = SkillID(2), sales = SkillID(3), vip = SkillID(4), general = SkillID(5)
        let regionIDs = [RegionID(1), RegionID(2)]
        var random = SplitMix64(seed: SplitMix64.mix(seed, 0x5EA7))
        var regions: [RegionScenario] = []
        for (regionIndex, region) in regionIDs.enumerated() {
            let base = UInt32(regionIndex * 100)
            let queues = [
                Queue(id: QueueID(base + 1), name: "billing", requirements: [try SkillRequirement(billing, minimumProficiency: 2)],
                      overflow: [OverflowRule(afterSeconds: 90, destination: .queue(QueueID(base + 5)))]),
                Queue(id: QueueID(base + 2), name: "tech", requirements: [try SkillRequirement(tech, minimumProficiency: 4)],
                      strategy: .mostProficient,
                      bullseye: [BullseyeRing(afterSeconds: 30, requirements: [try SkillRequirement(tech, minimumProficiency: 2)]),
                                 BullseyeRing(afterSeconds: 120, requirements: [try SkillRequirement(tech)])]),
                Queue(id: QueueID(base + 3), name: "sales-chat", requirements: [try SkillRequirement(sales)], strategy: .leastOccupied),
                Queue(id: QueueID(base + 4), name: "vip", requirements: [try SkillRequirement(vip)], priority: 5,
                      overflow: [OverflowRule(afterSeconds: 60, destination: .region(regionIDs[1 - regionIndex], queue: QueueID(UInt32((1 - regionIndex) * 100) + 4)))]),
                Queue(id: QueueID(base + 5), name: "general", requirements: [try SkillRequirement(general)], strategy: .roundRobin),
            ]
            let share = agents / regionIDs.count + (regionIndex < agents % regionIDs.count ? 1 : 0)
            var staff: [Agent] = []
            for index in 0..<share {
                // A seat is voice with one or two specialities plus the general line; one in
                // four also takes chat and WeChat (three of each at once).
                var skills = [try SkillLevel(general, proficiency: 3)]
                let primary = [billing, tech, billing, tech, sales, vip][index % 6]
                skills.append(try SkillLevel(primary, proficiency: 1 + Int(random.next() % 5)))
                if index % 3 == 0 { skills.append(try SkillLevel([tech, billing, sales][index % 9 / 3], proficiency: 1 + Int(random.next() % 5))) }
                let blended = index % 4 == 3
                let capacity = try ChannelCapacity(blended ? [.voice: 1, .chat: 3, .wechat: 3] : [.voice: 1])
                staff.append(Agent(id: AgentID(base * 100 + UInt32(index + 1)), region: region, skills: skills.uniqued(),
                                   capacity: capacity, wrapUpSeconds: 20))
            }
            // Offered load ≈ 0.85 × agents' voice seats, split across queues; chat adds more.
            let erlangs = 0.85 * Double(share)
            let profile: ArrivalProfile = regionIndex == 0 ? .spike(startSeconds: 36_000, durationSeconds: 1_800, multiplier: 4) : .flat
            let voiceHandle = 240.0
            func perHour(_ fraction: Double, handle: Double) -> Double { fraction * erlangs * 3600 / (handle + 20) }
            let demand = [
                QueueDemand(queue: queues[0].id, arrivalsPerHour: perHour(0.3, handle: voiceHandle), profile: profile,
                            handleTime: .lognormal(meanSeconds: voiceHandle, coefficientOfVariation: 1), patience: .exponential(meanSeconds: 180)),
                QueueDemand(queue: queues[1].id, arrivalsPerHour: perHour(0.3, handle: 360), profile: profile,
                            handleTime: .lognormal(meanSeconds: 360, coefficientOfVariation: 1.2), patience: .exponential(meanSeconds: 240)),
                QueueDemand(queue: queues[2].id, channel: .chat, arrivalsPerHour: perHour(0.25, handle: 300),
                            handleTime: .exponential(meanSeconds: 300), patience: .exponential(meanSeconds: 600)),
                QueueDemand(queue: queues[2].id, channel: .wechat, arrivalsPerHour: perHour(0.1, handle: 300),
                            handleTime: .exponential(meanSeconds: 300), patience: .exponential(meanSeconds: 900)),
                QueueDemand(queue: queues[3].id, arrivalsPerHour: perHour(0.1, handle: 200), profile: profile,
                            handleTime: .lognormal(meanSeconds: 200, coefficientOfVariation: 0.8), patience: .exponential(meanSeconds: 120), vipShare: 1),
                QueueDemand(queue: queues[4].id, arrivalsPerHour: perHour(0.15, handle: 180), profile: profile,
                            handleTime: .exponential(meanSeconds: 180), patience: .exponential(meanSeconds: 150), vipShare: 0.05),
            ]
            let configuration = RoutingDomainConfiguration(tenant: TenantID(1), region: region, queues: queues)
            regions.append(RegionScenario(configuration: configuration, agents: staff, demand: demand))
        }
        return SimulationScenario(regions: regions, durationSeconds: durationSeconds, rejectProbability: 0.01,
                                  acceptDelaySeconds: 2, seed: seed)
    }
}

private extension Array where Element == SkillLevel {
    /// The first level given for each skill.
    func uniqued() -> [SkillLevel] {
        var seen: [SkillID] = []
        return filter { level in
            if seen.contains(level.skill) { return false }
            seen.append(level.skill)
            return true
        }
    }
}
