/// Explanations, built only when an event is applied with `explain: true`: they list the
/// candidates an index holds, which costs O(n log n) and is kept off the hot path.
extension RoutingEngine {
    static let explainedCandidates = 5

    func explainAgentChoice(contactSlot slot: Int, target: Int, byProficiency: Bool, rule: RoutingExplanation.Rule) -> RoutingExplanation {
        let channel = contacts[slot].channel
        let position = agentIndexPosition(target: target, channel: channel)
        let ordering = agentPools[Int(targets[target].pool)].key.ordering
        let entries = agentIndexes[position].currentEntries(from: targets[target].minimumBucket) {
            isCurrent($0, ordering: ordering, channel: channel)
        }
        let ordered = entries.sorted { lhs, rhs in
            if byProficiency, lhs.bucket != rhs.bucket { return lhs.bucket > rhs.bucket }
            return lhs.entry < rhs.entry
        }
        let record = contacts[slot]
        let queue = queues[Int(record.queueSlot)].queue.id
        let candidates = ordered.prefix(Self.explainedCandidates).map { candidate in
            RoutingExplanation.Candidate(agent: agents[Int(candidate.entry.slot)].agent.id, contact: record.id, queue: queue,
                                         ranking: ranking(ofAgent: Int(candidate.entry.slot), proficiency: candidate.bucket, target: target))
        }
        return RoutingExplanation(rule: rule, queue: queue, ring: targets[target].ring, candidates: candidates)
    }

    func ranking(ofAgent slot: Int, proficiency: Int, target: Int) -> String {
        let record = agents[slot]
        let ranking = "proficiency \(proficiency), idle since t=\(record.idleSince)s, holding \(record.held) of \(record.agent.capacity.total)"
        // Turns are counted in round-robin rings only.
        guard targets[target].strategy == .roundRobin else { return ranking }
        let turn = record.pools.first { $0.pool == targets[target].pool }?.turn ?? 0
        return ranking + ", last turn \(turn)"
    }

    func explainContactChoice(agentSlot slot: Int, channel: Channel) -> RoutingExplanation {
        let versions = contactVersions
        var heads: [(entry: ContactEntry, target: Int)] = []
        for membership in agents[slot].memberships {
            let position = Int(membership.target) * Self.lanes + channel.index
            if let head = contactIndexes[position].heap.unordered.filter({ versions[Int($0.slot)] == $0.version }).min() {
                heads.append((head, Int(membership.target)))
            }
        }
        heads.sort { $0.entry < $1.entry }
        let candidates = heads.prefix(Self.explainedCandidates).map { head in
            let record = contacts[Int(head.entry.slot)]
            let queue = queues[Int(record.queueSlot)].queue
            let levels = queue.priority + settings.tierPriorityLevels[Int(record.tier.rawValue)]
            return RoutingExplanation.Candidate(
                agent: agents[slot].agent.id, contact: record.id, queue: queue.id,
                ranking: "priority \(levels) (queue \(queue.priority), \(record.tier)), waiting since t=\(record.waitingSince)s, rank \(head.entry.rank)")
        }
        let chosen = heads.first.map { (queues[Int(targets[$0.target].queueSlot)].queue.id, targets[$0.target].ring) }
        return RoutingExplanation(rule: .bestWaitingContact, queue: chosen?.0 ?? QueueID(0), ring: chosen?.1 ?? 0, candidates: candidates)
    }
}
