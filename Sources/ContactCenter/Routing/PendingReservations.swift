/// The contact slot of each pending reservation, by reservation ID.
///
/// The engine hands IDs out one by one, and every offer is resolved within its timeout, so
/// the pending IDs lie in a window from the oldest pending one to the newest. The window is
/// an array indexed by ID: finding an offer's contact is one index into memory written
/// recently, with no hashing (a `Dictionary` here was about 7% of the routing benchmark).
/// It holds one 4-byte slot per offer made since the oldest pending one: with the default
/// 15 s timeout at 1,000 offers/s, at most 15,000.
struct PendingReservations {
    /// The ID of `slots[head]`.
    private var base: UInt64 = 1
    private var head = 0
    /// From `head` on, the contact slot of ID `base + offset`, or -1 once it was resolved.
    private var slots: [Int32] = []
    /// Pending reservations.
    private(set) var count = 0

    init() {}

    /// An empty window whose first reservation will be `next`: an engine rebuilt for a new
    /// configuration goes on from the old one's IDs, so no ID names two offers of a domain.
    init(continuingAt next: ReservationID) {
        base = next.rawValue
    }

    /// The ID the next `add` must bring.
    var nextID: ReservationID { ReservationID(base + UInt64(slots.count - head)) }

    /// Records a new reservation; IDs must come in the order `nextID` names.
    mutating func add(_ id: ReservationID, contactSlot: Int32) {
        precondition(id == nextID, "reservation IDs are handed out in order")
        slots.append(contactSlot)
        count += 1
    }

    subscript(id: ReservationID) -> Int32? {
        guard let position = position(of: id) else { return nil }
        let slot = slots[position]
        return slot >= 0 ? slot : nil
    }

    /// Resolves a pending reservation and returns its contact slot, or nil if it is not pending.
    @discardableResult
    mutating func remove(_ id: ReservationID) -> Int32? {
        guard let position = position(of: id), slots[position] >= 0 else { return nil }
        let slot = slots[position]
        slots[position] = -1
        count -= 1
        while head < slots.count, slots[head] < 0 {
            head += 1
            base += 1
        }
        if head == slots.count {
            slots.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 2 >= slots.count {
            // Dropping the resolved prefix once it is half the storage keeps this amortised O(1).
            slots.removeFirst(head)
            head = 0
        }
        return slot
    }

    private func position(of id: ReservationID) -> Int? {
        guard id.rawValue >= base else { return nil }
        let offset = id.rawValue - base
        guard offset < UInt64(slots.count - head) else { return nil }
        return head + Int(offset)
    }
}
