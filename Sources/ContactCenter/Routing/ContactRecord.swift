/// The engine's live view of one contact that has not yet finished.
struct ContactRecord {
    var contact: Contact
    var state: ContactState
    var queueSlot: Int32
    /// The bullseye ring the contact has widened to.
    var ring: Int
    /// The next overflow rule of the current queue not yet applied.
    var nextOverflowRule: Int
    var waitingSince: Double
    var queueEnteredAt: Double
    var rank: Double
    var sequence: Int64
    /// The contact index it is in, or -1.
    var indexedAt: Int32 = -1
    var agentSlot: Int32 = -1
    var reservation: Reservation?
    var connectedAt: Double = 0
    var regionOverflowPending = false
    /// The region overflow rule last asked for, or -1; after a decline it is asked again
    /// at `regionRetryAt` while the contact still waits.
    var regionRule: Int32 = -1
    var regionRetryAt: Double = 0
    var live = true
}
