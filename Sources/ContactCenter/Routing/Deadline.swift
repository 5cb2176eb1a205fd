/// A timer of the routing engine, due at `at` virtual or wall seconds. Like index entries,
/// queue rules and wrap-ups are not cancelled in place: such a timer counts only while
/// `version` equals its contact's timer version, which changes whenever the contact's state
/// or queue does. An offer's expiry is the pending reservation itself (`PendingReservations`),
/// gone once the offer is answered, and is a `Deadline` only to be compared with the others.
struct Deadline: Comparable {
    enum Kind: UInt8 {
        /// The next bullseye ring, overflow rule or maximum wait of a queued contact.
        case queueRule
        case offerExpiry
        case wrapUpEnd
    }

    var at: Double
    /// Scheduling order, so timers due at the same instant fire in a replayable order.
    var sequence: UInt64
    var slot: Int32
    var version: UInt32
    var kind: Kind

    static func < (lhs: Deadline, rhs: Deadline) -> Bool {
        if lhs.at != rhs.at { return lhs.at < rhs.at }
        return lhs.sequence < rhs.sequence
    }
}
