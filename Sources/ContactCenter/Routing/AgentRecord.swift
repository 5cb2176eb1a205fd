/// The engine's live view of one agent.
///
/// 128 bytes rather than 152: the counts are 32-bit (an agent holds at most six lanes of
/// 255 contacts) and `removed` sits beside `status`, so that a freed agent's event touches
/// as few lines of the record as it can.
struct AgentRecord {
    var agent: Agent
    var status: AgentStatus
    var removed = false
    /// Contacts held per channel (reserved, connected or in wrap-up).
    var used: SIMD8<UInt8> = .zero
    var reserved: Int32 = 0
    var connected: Int32 = 0
    var wrappingUp: Int32 = 0
    var consecutiveMisses: Int32 = 0
    /// When the agent last became free of a contact or available; "longest idle" orders by it.
    var idleSince: Double
    /// The rings the agent is eligible for (whose waiting contacts they take when freed).
    var memberships: [TargetMembership] = []
    /// The agent pools the agent is indexed in while available.
    var pools: [PoolMembership] = []
    var counters: AgentCounters

    var held: Int { Int(reserved) + Int(connected) + Int(wrappingUp) }

    var state: AgentState {
        if reserved > 0 { return .reserved }
        if connected > 0 { return .busy }
        if wrappingUp > 0 { return .wrapUp }
        return .idle
    }

    func hasRoom(on channel: Channel) -> Bool {
        used[channel.index] < agent.capacity.lanes[channel.index]
    }

    /// Whether the agent may receive an offer on some channel right now.
    var isOfferable: Bool {
        status == .available && any(used .< agent.capacity.lanes)
    }

    /// Share of the agent's total capacity in use, for "least occupied".
    var load: Double { Self.load(held: held, capacity: agent.capacity.lanes) }

    static func load(held: Int, capacity: SIMD8<UInt8>) -> Double {
        // Widened first: six lanes of up to 255 overflow a UInt8 sum.
        let total = Int(SIMD8<UInt16>(truncatingIfNeeded: capacity).wrappedSum())
        return total == 0 ? 1 : Double(held) / Double(total)
    }
}
