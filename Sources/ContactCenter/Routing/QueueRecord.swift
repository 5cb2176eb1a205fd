/// When a contact started waiting, for a queue's "longest wait" figure; current while
/// `version` equals the contact's wait version (`RoutingEngine.waitVersions`).
struct WaitEntry: Comparable {
    var waitingSince: Double
    var contact: UInt64
    var slot: Int32
    var version: UInt32

    static func < (lhs: WaitEntry, rhs: WaitEntry) -> Bool {
        if lhs.waitingSince != rhs.waitingSince { return lhs.waitingSince < rhs.waitingSince }
        return lhs.contact < rhs.contact
    }
}

/// The engine's live view of one queue.
struct QueueRecord {
    var queue: Queue
    /// Its rings are the targets `firstTarget ..< firstTarget + ringCount`.
    var firstTarget: Int32
    var ringCount: Int
    /// Where each overflow rule's destination queue lives (-1 for a region).
    var overflowSlots: [Int32]
    /// Contacts queued or offered here, oldest first, for the longest wait (stale entries
    /// are dropped lazily, and swept once they outnumber the current ones).
    var waits = MinHeap<WaitEntry>()
    /// The current entries of `waits`. (The queue's "waiting" figure is `queued`: it
    /// leaves out contacts with an offer pending.)
    var queuedOrOffered = 0
    /// Contacts queued here, not counting those with an offer pending.
    var queued = 0
    var counters = QueueCounters()
}
