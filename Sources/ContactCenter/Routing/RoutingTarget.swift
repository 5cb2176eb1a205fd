/// One bullseye ring of one queue, compiled: the set of agents eligible for a contact of
/// that queue at that ring. Ring 0 holds the queue's own requirement.
struct RoutingTarget {
    var queueSlot: Int32
    var ring: Int
    var requirements: [SkillRequirement]
    var strategy: RoutingStrategy
    /// The agent pool holding the target's available agents, and the lowest proficiency
    /// bucket of it the target reads (set once pools are built).
    var pool: Int32 = -1
    var minimumBucket = 0
    /// Turns handed out by round robin; an agent's turn is the value when last chosen here.
    var roundRobinCounter: UInt64 = 0

    func admits(_ agent: Agent) -> Bool {
        requirements.allSatisfy { $0.isMet(by: agent.skills) }
    }
}

/// An agent's place in one routing target.
struct TargetMembership {
    var target: Int32
    /// The agent's weakest proficiency across the queue's own requirements (0 if they lack one).
    var proficiency: UInt8
}
