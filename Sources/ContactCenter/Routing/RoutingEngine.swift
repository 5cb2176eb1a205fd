/// The routing core of one routing domain (a tenant's queues and agents in one region):
/// a pure, deterministic state machine with no I/O, no clock and no randomness.
///
/// The shell feeds it `RoutingEvent`s with timestamps and carries out the
/// `RoutingDirective`s it returns. Given the same events at the same timestamps it makes the
/// same decisions, so a routing shard can replay its log after failover and arrive at the
/// same queues, positions, wait times and reservations.
///
/// Guarantees, checked by the property tests:
/// - a contact holds at most one reservation and reaches exactly one terminal state;
/// - an agent never holds more contacts on a channel than their capacity for it;
/// - no available agent with room is left idle while a contact they are eligible for waits
///   (an offer in flight aside): every arrival looks for an agent, every freed agent looks
///   for a contact, every widened or moved contact looks again.
///
/// Cost: a decision is O(log n) in the agents or contacts concerned, through per-(agent pool,
/// channel) and per-(target, channel) indexes (`AgentIndex`, `ContactIndex`); re-indexing a
/// freed agent costs O(p log n) for the p agent pools the agent is in (queues on the same
/// skills share one). Nothing scans all agents or contacts.
public struct RoutingEngine: Sendable {
    public let configuration: RoutingDomainConfiguration
    let settings: RoutingSettings
    static let lanes = Channel.allCases.count
    /// `Channel.allCases` once: the synthesized property builds its array on every call.
    static let channels = Channel.allCases
    /// Index entries a sweep examines per insertion while stale ones have piled up: a pass
    /// over 2n entries ends within n/4 insertions, so an index stays under about 2.25
    /// entries per member, and no insertion pays for more than a few.
    static let sweepSteps = 8
    /// How long after another region declines an overflow the contact's domain asks again.
    static let regionOverflowRetrySeconds = 2.0

    var queues: [QueueRecord] = []
    var queueSlots = SlotTable<QueueID>()
    var targets: [RoutingTarget] = []
    var agentPools: [AgentPool] = []
    /// Indexed by `pool * lanes + channel`.
    var agentIndexes: [AgentIndex] = []
    /// Per pool, the channels (bits by lane) whose index has been asked for an agent, for a
    /// contact or by another region. Agents are entered only into those: an index nobody has
    /// read is filled from the pool's members when first asked (`openLane(at:)`). Queues
    /// mostly take one channel, and an agent is in every pool of their skills on each
    /// channel they take, so about two fifths of the insertions in the routing benchmark
    /// went to indexes never read.
    var openLanes: [UInt8] = []
    /// Per pool, the slots of its members, for filling an index when it is first asked.
    var poolMembers: [[Int32]] = []
    /// Indexed by `target * lanes + channel`.
    var contactIndexes: [ContactIndex] = []
    /// Per contact index, a rank no greater than any current entry's (+∞ when it may have
    /// none), at `boundPosition(target:channel:)`. A freed agent compares these before
    /// visiting an index, and visits only those that could beat the best head found so far:
    /// about 4 of their ≈16 rings instead of all (4.3 of 15.6 in the routing benchmark),
    /// each visit a cache miss. Ranks alone, and one channel's in a row: the 24-byte keys of
    /// all six channels interleaved missed the first-level cache about 17 times per freed
    /// agent with contacts in surplus.
    var contactBoundRanks: [Double] = []
    /// Contacts in the contact indexes of each channel, all targets together. While agents
    /// are in surplus no contact waits, and a freed agent skips its ≈16 rings' indexes
    /// instead of touching each (a cache miss apiece) to find it empty.
    var indexedOnChannel = [Int](repeating: 0, count: lanes)

    var agents: [AgentRecord] = []
    /// Kept apart from `agents` so index filters can read them while an index is mutated.
    /// An entry of a pool ordered by load is current while it carries the agent's
    /// `agentVersions`, which changes with every change of theirs. One of a pool ordered by
    /// idle time is current while it carries `agentOrderVersions`, which an offer leaving the
    /// agent room on its channel does not change: their idle time stays. So a chat agent
    /// offered one more chat re-enters that ring's pool and the load-ordered ones, not all
    /// ≈10 of theirs. Pools ordered by turn have versions of their own (`agentTurnVersions`).
    var agentVersions: [UInt32] = []
    var agentOrderVersions: [UInt32] = []
    /// An entry of a round-robin pool is valid while it carries the agent's turn version, and
    /// may be taken while the agent also has room on its channel (`agentRoom`). Unlike the
    /// others it outlives the agent's busy spells: their turn in the ring has not changed,
    /// so a freed agent need not re-enter the ≈4 round-robin pools they are in, which was
    /// a heap insertion apiece, sifted near the top (an agent's turn in a ring that did not
    /// choose them is an old one). An entry found at the head while its agent is busy is
    /// taken out and its channel's bit in `PoolMembership.entered` cleared; the agent
    /// re-enters that pool when freed. The version changes when the agent leaves, and when
    /// a ring chooses an agent who has an entry in its pool under their old turn.
    var agentTurnVersions: [UInt32] = []
    /// Per agent, the channels (bits by lane) on which they may take an offer now: available,
    /// with room. A byte per agent, so that testing a round-robin entry stays off the
    /// agent's record.
    var agentRoom: [UInt8] = []
    var agentSlots: [AgentID: Int32] = [:]

    var contacts: [ContactRecord] = []
    /// Kept apart from `contacts` for the same reason as `agentVersions`.
    var contactVersions: [UInt32] = []
    /// Changes whenever a contact's state or queue changes, invalidating its timers; kept
    /// apart from `contacts` so that the many timers gone stale (every accepted offer's
    /// expiry) are dropped without touching a contact record.
    var timerVersions: [UInt32] = []
    /// Changes whenever a contact stops waiting in its queue (answered, moved on, gone),
    /// invalidating its entry in the queue's wait list; apart, so that sweeping a wait list
    /// touches no contact record.
    var waitVersions: [UInt32] = []
    var freeContactSlots: [Int32] = []
    var contactSlots = SlotTable<ContactID>()
    var reservations = PendingReservations()

    /// Queue rules' and wrap-ups' timers. Offers' are their places in `reservations`.
    var deadlines = MinHeap<Deadline>()
    var deadlineSequence: UInt64 = 0
    var contactSequence: Int64 = 0
    var headSequence: Int64 = 0
    /// The latest timestamp applied; time never runs backwards inside the engine.
    var clock: Double = -Double.greatestFiniteMagnitude

    public init(configuration: RoutingDomainConfiguration) throws(RoutingConfigurationError) {
        self.configuration = configuration
        settings = configuration.settings
        for queue in configuration.queues {
            guard queueSlots[queue.id] == nil else { throw .duplicateQueue(queue.id) }
            queueSlots.insert(queue.id, slot: Int32(queues.count))
            queues.append(QueueRecord(queue: queue, firstTarget: 0, ringCount: 0, overflowSlots: []))
        }
        for slot in queues.indices {
            let queue = queues[slot].queue
            var overflowSlots: [Int32] = []
            for rule in queue.overflow {
                switch rule.destination {
                case let .queue(destination):
                    guard destination != queue.id else { throw .overflowToOwnQueue(queue.id) }
                    guard let destinationSlot = queueSlots[destination] else {
                        throw .overflowToUnknownQueue(queue: queue.id, destination: destination)
                    }
                    overflowSlots.append(destinationSlot)
                case .region:
                    overflowSlots.append(-1)
                }
            }
            let rings = [queue.requirements] + queue.bullseye.map(\.requirements)
            for ring in rings.indices.dropFirst() {
                let widens = rings[ring].allSatisfy { wider in rings[ring - 1].contains { $0.implies(wider) } }
                guard widens else { throw .bullseyeRingNarrows(queue: queue.id, ring: ring) }
            }
            queues[slot].overflowSlots = overflowSlots
            queues[slot].firstTarget = Int32(targets.count)
            queues[slot].ringCount = rings.count
            for (ring, requirements) in rings.enumerated() {
                targets.append(RoutingTarget(queueSlot: Int32(slot), ring: ring, requirements: requirements, strategy: queue.strategy))
            }
        }
        buildAgentPools()
        agentIndexes = Array(repeating: AgentIndex(), count: agentPools.count * Self.lanes)
        openLanes = Array(repeating: 0, count: agentPools.count)
        poolMembers = Array(repeating: [], count: agentPools.count)
        contactIndexes = Array(repeating: ContactIndex(), count: targets.count * Self.lanes)
        contactBoundRanks = Array(repeating: .infinity, count: contactIndexes.count)
    }

    /// Applies one event at `time`. Timers due by `time` (offer timeouts, wrap-up ends,
    /// bullseye widening, overflow, maximum wait) fire first, at their own due times; their
    /// directives are appended to `directives` even if the event itself is then refused.
    /// A refused event throws and changes nothing else.
    ///
    /// - Parameter explain: attach a `RoutingExplanation` to every offer this call makes.
    public mutating func apply(_ event: RoutingEvent, at time: Timestamp, explain: Bool = false,
                               into directives: inout [RoutingDirective]) throws(RoutingError) {
        let now = max(time.seconds, clock)
        fireTimers(upTo: now, explain: explain, into: &directives)
        clock = now
        switch event {
        case let .agentAdded(agent, status):
            try addAgent(agent, status: status, now: now, explain: explain, into: &directives)
        case let .agentRemoved(id):
            try removeAgent(id, now: now)
        case let .agentStatusChanged(id, status):
            try changeStatus(of: id, to: status, now: now, explain: explain, into: &directives)
        case let .contactArrived(contact):
            let queueSlot = try admissionQueue(for: contact, now: now)
            admit(contact, queueSlot: queueSlot, now: now, explain: explain, into: &directives)
        case let .reservationAccepted(id):
            try accept(id, now: now)
        case let .reservationRejected(id):
            guard let slot = reservations[id] else { throw .unknownReservation(id) }
            refuseOffer(contactSlot: Int(slot), outcome: .rejected, now: now, explain: explain, into: &directives)
        case let .contactEnded(id):
            try endConversation(id, now: now, explain: explain, into: &directives)
        case let .wrapUpFinished(id):
            let slot = try liveSlot(of: id)
            guard contacts[slot].state == .wrapUp else { throw .invalidTransition(ContactTransitionError(contact: id, from: contacts[slot].state, to: .completed)) }
            completeWrapUp(contactSlot: slot, now: now, explain: explain, into: &directives)
        case let .contactAbandoned(id):
            try abandon(id, now: now, explain: explain, into: &directives)
        case let .contactTransferred(id, continuation):
            try transfer(id, continuation: continuation, now: now, explain: explain, into: &directives)
        case let .regionOverflowAccepted(id):
            try regionOverflowAccepted(id, now: now, into: &directives)
        case let .regionOverflowDeclined(id):
            let slot = try liveSlot(of: id)
            guard contacts[slot].regionOverflowPending else { throw .noRegionOverflowPending(id) }
            contacts[slot].regionOverflowPending = false
            // The other region had nobody free just then; it may soon. Without asking again
            // a contact whose own region has no agents (a region down) would wait for ever.
            if contacts[slot].state == .queued {
                contacts[slot].regionRetryAt = now + Self.regionOverflowRetrySeconds
                placeInQueue(contactSlot: slot, now: now, explain: explain, into: &directives)
            }
        case .clockAdvanced:
            break
        case .statisticsPeriodStarted:
            restartStatistics(now: now)
        }
    }

    /// When the shell should next send `.clockAdvanced` (or any event) for timers to fire.
    /// It may name a timer that turns out to have been superseded; waking then is harmless.
    public var nextDeadline: Timestamp? { nextTimer.map { Timestamp(seconds: $0.at) } }

    /// The timer due first: the first pending offer's expiry, or another.
    var nextTimer: Deadline? {
        guard let first = reservations.first else { return deadlines.min }
        let offer = Deadline(at: first.expiresAt, sequence: first.sequence, slot: first.slot, version: 0, kind: .offerExpiry)
        guard let other = deadlines.min else { return offer }
        return other < offer ? other : offer
    }

    /// The state of a contact still being routed; nil once it has finished (or never arrived).
    public func state(of contact: ContactID) -> ContactState? {
        contactSlots[contact].map { contacts[Int($0)].state }
    }

    /// The queue a contact is in now (it changes with cross-queue overflow).
    public func queue(of contact: ContactID) -> QueueID? {
        contactSlots[contact].map { queues[Int(contacts[Int($0)].queueSlot)].queue.id }
    }

    /// Contacts being routed (waiting, offered, connected or in wrap-up).
    public var activeContactCount: Int { contactSlots.count }

    func liveSlot(of contact: ContactID) throws(RoutingError) -> Int {
        guard let slot = contactSlots[contact] else { throw .unknownContact(contact) }
        return Int(slot)
    }

    func agentSlot(of agent: AgentID) throws(RoutingError) -> Int {
        guard let slot = agentSlots[agent] else { throw .unknownAgent(agent) }
        return Int(slot)
    }

    /// A contact's place in the order: its wait start, moved earlier by what its queue's
    /// priority and its tier are worth in seconds of waiting.
    func rank(waitingSince: Double, queueSlot: Int, tier: ValueTier) -> Double {
        let levels = queues[queueSlot].queue.priority + settings.tierPriorityLevels[Int(tier.rawValue)]
        return waitingSince - Double(levels) * settings.agingSecondsPerPriorityLevel
    }

    func isVIP(_ tier: ValueTier) -> Bool { tier >= settings.vipTier }

    /// Schedules a queue rule or the end of a wrap-up.
    mutating func schedule(_ kind: Deadline.Kind, at time: Double, contactSlot: Int) {
        deadlineSequence += 1
        let deadline = Deadline(at: time, sequence: deadlineSequence, slot: Int32(contactSlot),
                                version: timerVersions[contactSlot], kind: kind)
        deadlines.insert(deadline)
    }
}
