import ContactCenter
import SeededRandom

/// The routing domain the bench drives, built from a seed: queues spread over skills with
/// every strategy, bullseye rings and overflow; agents with four skills each.
struct RoutingWorkload {
    let configuration: RoutingDomainConfiguration
    let agents: [Agent]
    /// Per queue, the channel its contacts arrive on.
    let channels: [Channel]

    init(agents agentCount: Int, queues queueCount: Int, skills skillCount: Int, seed: UInt64) throws {
        var random = SplitMix64(seed: SplitMix64.mix(seed, 0xB3AC))
        let strategies = RoutingStrategy.allCases
        var queues: [Queue] = []
        var channels: [Channel] = []
        for index in 0..<queueCount {
            let skill = SkillID(UInt32(index % skillCount))
            let minimum = 1 + (index / skillCount) % 3
            let bullseye = index % 4 == 1 && minimum > 1
                ? [BullseyeRing(afterSeconds: 30, requirements: [try SkillRequirement(skill)])] : []
            let overflow = index % 10 == 3 && queueCount > 1
                ? [OverflowRule(afterSeconds: 120, destination: .queue(QueueID(UInt32((index + 1) % queueCount))))] : []
            queues.append(Queue(id: QueueID(UInt32(index)), requirements: [try SkillRequirement(skill, minimumProficiency: minimum)],
                                priority: index % 4, strategy: strategies[index % strategies.count], bullseye: bullseye, overflow: overflow))
            channels.append(index % 10 < 7 ? .voice : .chat)
        }
        var staff: [Agent] = []
        for index in 0..<agentCount {
            var chosen: [SkillID] = []
            while chosen.count < 4 {
                let skill = SkillID(UInt32(random.next() % UInt64(skillCount)))
                if !chosen.contains(skill) { chosen.append(skill) }
            }
            let levels = try chosen.map { try SkillLevel($0, proficiency: 1 + Int(random.next() % 5)) }
            let capacity = try ChannelCapacity(index % 10 < 7 ? [.voice: 1] : [.chat: 3])
            staff.append(Agent(id: AgentID(UInt32(index)), region: RegionID(1), skills: levels, capacity: capacity))
        }
        configuration = RoutingDomainConfiguration(tenant: TenantID(1), region: RegionID(1), queues: queues)
        agents = staff
        self.channels = channels
    }
}
