/// The pending reservations, by reservation ID: each one's contact slot and expiry.
///
/// The engine hands IDs out one by one, and every offer is resolved within its timeout, so
/// the pending IDs lie in a window from the oldest pending one to the newest. The window is
/// an array indexed by ID: finding an offer's contact is one index into memory written
/// recently, with no hashing (a `Dictionary` here was about 7% of the routing benchmark).
/// It holds one 24-byte entry per offer made since the oldest pending one: with the default
/// 15 s timeout at 1,000 offers/s, at most 15,000.
///
/// Offers expire a fixed time after they are made, and time never runs backwards inside
/// the engine, so the oldest pending offer is the next to expire: the window is also the
/// offers' timer queue. A heap of expiry timers kept beside it held one for every offer
/// made within the timeout, nearly all of them answered long before, each inserted,
/// later taken out, and its contact's timer version read to find it stale.
struct PendingReservations {
    struct Entry {
        /// The contact's slot, or -1 once the reservation was resolved.
        var slot: Int32
        /// The engine's timer sequence when the offer was made, which orders it among
        /// timers due at the same instant.
        var sequence: UInt64
        var expiresAt: Double
    }

    private static var resolved: Entry { Entry(slot: -1, sequence: 0, expiresAt: 0) }

    /// The ID of the window's oldest entry.
    private var base: UInt64 = 1
    /// IDs `base ..< base + length` have been handed out since the oldest pending one.
    private var length = 0
    /// The window as a ring, a power of two long: the entry of ID `base + offset` at
    /// `(start + offset) & mask`. A ring rather than an array emptied and compacted as
    /// offers resolve: each `removeAll` or `removeFirst` was a call of about 60
    /// instructions, paid by nearly every answer (offers are mostly answered in the order
    /// they were made, so most answers empty the window).
    private var ring = [Entry](repeating: Self.resolved, count: 16)
    private var start = 0
    /// Pending reservations.
    private(set) var count = 0

    init() {}

    /// An empty window whose first reservation will be `next`: an engine rebuilt for a new
    /// configuration goes on from the old one's IDs, so no ID names two offers of a domain.
    init(continuingAt next: ReservationID) {
        base = next.rawValue
    }

    private var mask: Int { ring.count - 1 }

    /// The ID the next `add` must bring.
    var nextID: ReservationID { ReservationID(base + UInt64(length)) }

    /// Records a new reservation; IDs must come in the order `nextID` names. An expiry
    /// earlier than the newest pending one's (or not a number) is taken as that one's, so
    /// that the window stays in expiry order: the engine's clock never runs backwards, so
    /// only a malformed time could bring one, and it is not worth a crash.
    mutating func add(_ id: ReservationID, contactSlot: Int32, expiresAt: Double, sequence: UInt64) {
        precondition(id == nextID, "reservation IDs are handed out in order")
        var expiry = expiresAt
        if length > 0, !(expiry >= ring[(start + length - 1) & mask].expiresAt) {
            expiry = ring[(start + length - 1) & mask].expiresAt
        }
        if length == ring.count { grow() }
        ring[(start + length) & mask] = Entry(slot: contactSlot, sequence: sequence, expiresAt: expiry)
        length += 1
        count += 1
    }

    subscript(id: ReservationID) -> Int32? {
        guard let position = position(of: id) else { return nil }
        let slot = ring[position].slot
        return slot >= 0 ? slot : nil
    }

    /// The pending reservation that expires first: the oldest.
    var first: Entry? { length > 0 ? ring[start] : nil }

    /// Resolves a pending reservation and returns its contact slot, or nil if it is not pending.
    @discardableResult
    mutating func remove(_ id: ReservationID) -> Int32? {
        guard let position = position(of: id), ring[position].slot >= 0 else { return nil }
        let slot = ring[position].slot
        ring[position].slot = -1
        count -= 1
        // The window starts at the oldest pending reservation.
        while length > 0, ring[start].slot < 0 {
            start = (start + 1) & mask
            base += 1
            length -= 1
        }
        return slot
    }

    private func position(of id: ReservationID) -> Int? {
        guard id.rawValue >= base else { return nil }
        let offset = id.rawValue - base
        guard offset < UInt64(length) else { return nil }
        return (start + Int(offset)) & mask
    }

    private mutating func grow() {
        var larger = [Entry](repeating: Self.resolved, count: ring.count * 2)
        for offset in 0..<length { larger[offset] = ring[(start + offset) & mask] }
        ring = larger
        start = 0
    }
}
