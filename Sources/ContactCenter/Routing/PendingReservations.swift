/// The contact slot of each pending reservation, by reservation ID.
///
/// The engine hands IDs out one by one, and every offer is resolved within its timeout, so
/// the pending IDs lie in a window from the oldest pending one to the newest. The window is
/// an array indexed by ID: finding an offer's contact is one index into memory written
/// recently, with no hashing (a `Dictionary` here was about 7% of the routing benchmark).
/// It holds one 4-byte slot per offer made since the oldest pending one: with the default
/// 15 s timeout at 1,000 offers/s, at most 15,000.
struct PendingReservations {
    /// The ID of the window's oldest entry.
    private var base: UInt64 = 1
    /// IDs `base ..< base + length` have been handed out since the oldest pending one.
    private var length = 0
    /// The window as a ring, a power of two long: the contact slot of ID `base + offset` at
    /// `(start + offset) & mask`, or -1 once it was resolved. A ring rather than an array
    /// emptied and compacted as offers resolve: each `removeAll` or `removeFirst` was a call
    /// of about 60 instructions, paid by nearly every answer (offers are mostly answered
    /// in the order they were made, so most answers empty the window).
    private var ring = [Int32](repeating: -1, count: 16)
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

    /// Records a new reservation; IDs must come in the order `nextID` names.
    mutating func add(_ id: ReservationID, contactSlot: Int32) {
        precondition(id == nextID, "reservation IDs are handed out in order")
        if length == ring.count { grow() }
        ring[(start + length) & mask] = contactSlot
        length += 1
        count += 1
    }

    subscript(id: ReservationID) -> Int32? {
        guard let position = position(of: id) else { return nil }
        let slot = ring[position]
        return slot >= 0 ? slot : nil
    }

    /// Resolves a pending reservation and returns its contact slot, or nil if it is not pending.
    @discardableResult
    mutating func remove(_ id: ReservationID) -> Int32? {
        guard let position = position(of: id), ring[position] >= 0 else { return nil }
        let slot = ring[position]
        ring[position] = -1
        count -= 1
        // The window starts at the oldest pending reservation.
        while length > 0, ring[start] < 0 {
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
        var larger = [Int32](repeating: -1, count: ring.count * 2)
        for offset in 0..<length { larger[offset] = ring[(start + offset) & mask] }
        ring = larger
        start = 0
    }
}
