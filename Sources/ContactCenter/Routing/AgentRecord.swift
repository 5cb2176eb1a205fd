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

/// The agent's side of a contact's way through routing. Each is one access to the record in
/// the engine's array: the uniqueness check and bounds check of an array element were paid
/// per field written, four to six times per event.
extension AgentRecord {
    /// Books the time since the agent's last change (staffed and busy totals).
    mutating func book(until now: Double) {
        let held = self.held
        counters.book(until: now, staffed: status == .available || held > 0, busy: held > 0)
    }

    /// An offer on `channel` reserves one of the agent's slots.
    mutating func reserve(on channel: Channel, at now: Double) {
        book(until: now)
        used[channel.index] += 1
        reserved += 1
    }

    /// An offer on `channel` ended unanswered: its slot frees.
    mutating func releaseOffer(on channel: Channel, at now: Double) {
        book(until: now)
        used[channel.index] -= 1
        reserved -= 1
    }

    /// The agent answered an offer.
    mutating func connect(at now: Double) {
        book(until: now)
        reserved -= 1
        connected += 1
        consecutiveMisses = 0
    }

    /// A conversation ended and its wrap-up began.
    mutating func beginWrapUp(at now: Double) {
        book(until: now)
        connected -= 1
        wrappingUp += 1
    }

    /// A wrap-up on `channel` ended after `handleSeconds` of conversation and wrap-up: the
    /// slot frees, and the agent is idle on it from now.
    mutating func completeWrapUp(on channel: Channel, handleSeconds: Double, at now: Double) {
        book(until: now)
        wrappingUp -= 1
        freeSlot(on: channel, afterHandling: handleSeconds, at: now)
    }

    /// A conversation on `channel` was handed on to another agent after `handleSeconds`:
    /// the slot frees, and the agent is idle on it from now.
    mutating func handOn(on channel: Channel, handleSeconds: Double, at now: Double) {
        book(until: now)
        connected -= 1
        freeSlot(on: channel, afterHandling: handleSeconds, at: now)
    }

    /// A contact handled for `handleSeconds` leaves the agent: its slot on `channel` frees.
    private mutating func freeSlot(on channel: Channel, afterHandling handleSeconds: Double, at now: Double) {
        used[channel.index] -= 1
        idleSince = now
        counters.handled += 1
        counters.handleSeconds += handleSeconds
    }
}
