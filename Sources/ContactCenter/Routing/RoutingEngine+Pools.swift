/// Agent pools: which targets share an index of available agents, and an agent's places in them.
extension RoutingEngine {
    /// Assigns every target its pool. A target shares the pool of (its queue's own skills,
    /// its ordering) when its requirement is one minimum proficiency over exactly those
    /// skills, so "eligible" is "bucket ≥ minimum"; round robin, whose turns are per ring,
    /// and any other requirement get a pool of their own.
    mutating func buildAgentPools() {
        var shared: [AgentPool.Key: Int32] = [:]
        for target in targets.indices {
            let requirements = targets[target].requirements
            let ownSkills = Set(queues[Int(targets[target].queueSlot)].queue.requirements.map(\.skill))
            let minimums = Set(requirements.map(\.minimumProficiency))
            let ordering: AgentOrdering = switch targets[target].strategy {
            case .longestIdle, .mostProficient: .idle
            case .leastOccupied: .load
            case .roundRobin: .turn
            }
            let skills = Set(requirements.map(\.skill))
            guard ordering != .turn, skills == ownSkills, minimums.count <= 1 else {
                targets[target].pool = Int32(agentPools.count)
                targets[target].minimumBucket = 0
                agentPools.append(AgentPool(key: AgentPool.Key(skills: [], ordering: ordering, owner: Int32(target)), lowestBucket: 0))
                continue
            }
            let minimum = minimums.first ?? 0
            let key = AgentPool.Key(skills: skills.sorted { $0.rawValue < $1.rawValue }, ordering: ordering, owner: -1)
            let pool: Int32
            if let existing = shared[key] {
                pool = existing
                agentPools[Int(pool)].lowestBucket = min(agentPools[Int(pool)].lowestBucket, minimum)
            } else {
                pool = Int32(agentPools.count)
                shared[key] = pool
                agentPools.append(AgentPool(key: key, lowestBucket: minimum))
            }
            targets[target].pool = pool
            targets[target].minimumBucket = Int(minimum)
        }
    }

    /// The pools an agent belongs to, with their buckets.
    func poolMemberships(of agent: Agent) -> [PoolMembership] {
        agentPools.indices.compactMap { pool in
            let owner = agentPools[pool].key.owner
            let ownerTarget = owner >= 0 ? targets[Int(owner)] : nil
            let queueRequirements = ownerTarget.map { queues[Int($0.queueSlot)].queue.requirements } ?? []
            guard let bucket = agentPools[pool].bucket(of: agent, owner: ownerTarget, queueRequirements: queueRequirements) else { return nil }
            return PoolMembership(pool: Int32(pool), bucket: bucket, ordering: agentPools[pool].key.ordering)
        }
    }
}
