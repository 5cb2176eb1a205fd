/// The engine's live view of one contact that has not yet finished.
///
/// What routing reads on every event comes first and the contact as it arrived last, so
/// that an event touches as few of the record's cache lines as it can: the contact's ID,
/// channel and tier are copied out of it for that.
struct ContactRecord {
    let id: ContactID
    let channel: Channel
    let tier: ValueTier
    var state: ContactState
    var live = true
    var regionOverflowPending = false
    var queueSlot: Int32
    /// The contact index it is in, or -1.
    var indexedAt: Int32 = -1
    var agentSlot: Int32 = -1
    /// The region overflow rule last asked for, or -1; after a decline it is asked again
    /// at `regionRetryAt` while the contact still waits.
    var regionRule: Int32 = -1
    /// The bullseye ring the contact has widened to.
    var ring: Int
    /// The next overflow rule of the current queue not yet applied.
    var nextOverflowRule: Int
    var waitingSince: Double
    var queueEnteredAt: Double
    var rank: Double
    var sequence: Int64
    var connectedAt: Double = 0
    var regionRetryAt: Double = 0
    var reservation: Reservation?
    let contact: Contact

    init(contact: Contact, state: ContactState, queueSlot: Int32, waitingSince: Double, queueEnteredAt: Double,
         rank: Double, sequence: Int64) {
        id = contact.id
        channel = contact.channel
        tier = contact.tier
        self.state = state
        self.queueSlot = queueSlot
        ring = 0
        nextOverflowRule = 0
        self.waitingSince = waitingSince
        self.queueEnteredAt = queueEnteredAt
        self.rank = rank
        self.sequence = sequence
        self.contact = contact
    }
}

/// A contact's transitions that write several fields: one access to the record in the
/// engine's array each, rather than a uniqueness and bounds check per field.
extension ContactRecord {
    mutating func offer(_ offer: Reservation, toAgent agent: Int32) {
        state = .offered
        agentSlot = agent
        reservation = offer
    }

    mutating func connect(at now: Double) {
        reservation = nil
        state = .connected
        connectedAt = now
    }

    /// Leaves routing in a terminal state; its slot may then be reused.
    mutating func finish(as terminal: ContactState) {
        state = terminal
        live = false
        agentSlot = -1
    }
}
