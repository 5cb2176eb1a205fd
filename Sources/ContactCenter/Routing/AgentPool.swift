/// How an agent pool orders its agents within a proficiency bucket.
enum AgentOrdering: Hashable {
    /// By `idleSince`: longest idle, and most proficient within a bucket.
    case idle
    /// By (load, `idleSince`): least occupied.
    case load
    /// By the agent's last turn in one ring: round robin.
    case turn
}

/// A set of available agents kept in one `AgentIndex` per channel, which one or more routing
/// targets read.
///
/// Targets whose requirement is a single minimum proficiency over their queue's own skills
/// share the pool of (those skills, ordering): the bucket is the agent's weakest proficiency
/// in the skills, and a target reads the buckets from its minimum up. Queues and rings on the
/// same skills thus share one index, so a freed agent is re-indexed once per pool rather than
/// once per ring (about 10 instead of about 16 insertions in the benchmark's workload).
/// Other targets — round robin, whose order is per ring; rings that drop a skill or mix
/// minimums — keep a pool of their own.
struct AgentPool {
    struct Key: Hashable {
        /// The pooled skills, sorted; empty for a target's own pool.
        var skills: [SkillID]
        var ordering: AgentOrdering
        /// The target owning the pool, or -1 for a shared pool.
        var owner: Int32
    }

    var key: Key
    /// The lowest bucket any target reads; agents below it stay out of the pool.
    var lowestBucket: UInt8

    /// The agent's bucket in this pool, or nil if the agent is not a member. `target` and
    /// `queueRequirements` describe the owner of an own pool.
    func bucket(of agent: Agent, owner target: RoutingTarget?, queueRequirements: [SkillRequirement]) -> UInt8? {
        if let target {
            guard target.admits(agent) else { return nil }
            return queueRequirements.map { agent.proficiency(in: $0.skill) }.min() ?? 0
        }
        let bucket = key.skills.map { agent.proficiency(in: $0) }.min() ?? 0
        return bucket >= lowestBucket ? bucket : nil
    }
}

/// An agent's place in one pool. Re-indexing a freed agent reads every one of theirs, so
/// what it needs is here rather than behind another array: the pool's ordering, and the
/// turn that orders a round-robin pool (a read of the agent's ring memberships was a
/// cache miss per round-robin pool).
struct PoolMembership {
    var pool: Int32
    var bucket: UInt8
    var ordering: AgentOrdering
    /// In a round-robin pool, the channels (bits by lane) on whose index the agent has an
    /// entry under their current turn. Such an entry stays while the agent is busy, so a
    /// freed agent re-enters only where theirs has gone (`RoutingEngine.agentTurnVersions`).
    /// Declared before `turn` so that it fills padding: 16 bytes a membership, not 24.
    var entered: UInt8 = 0
    /// In a round-robin pool (owned by one ring), the ring's count of offers when it last
    /// chose the agent; 0 if it never has.
    var turn: UInt64 = 0

    /// Whether the agent's entry in this pool's index on `channel` outlives their busy
    /// spells and is still there (round-robin pools only).
    func hasEntry(on channel: Channel) -> Bool {
        ordering == .turn && entered & (1 << channel.index) != 0
    }
}
