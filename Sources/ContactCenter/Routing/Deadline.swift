/// A timer of the routing engine, due at `at` virtual or wall seconds. Like index entries,
/// timers are not cancelled in place: a timer counts only while `version` equals its
/// contact's timer version, which changes whenever the contact's state or queue does.
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
