/// One entry of a `ContactIndex`: a waiting contact's rank when it was indexed; current only
/// while `version` equals the contact's (which changes whenever it leaves the index).
struct ContactEntry: Comparable {
    /// `waitingSince − priority levels × aging seconds`: lower ranks first.
    var rank: Double
    /// First-come order among equal ranks; negative for contacts put back at the head.
    var sequence: Int64
    var slot: Int32
    var version: UInt32

    static func < (lhs: ContactEntry, rhs: ContactEntry) -> Bool {
        if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
        return lhs.sequence < rhs.sequence
    }
}

/// The waiting contacts of one (routing target, channel), best rank first. O(log n) to add
/// or take the head; stale entries are dropped when they surface, and swept a few per
/// insertion once they outnumber the live ones.
struct ContactIndex {
    private(set) var heap = MinHeap<ContactEntry>()
    /// Contacts currently indexed here (the heap may hold stale entries besides).
    private(set) var live = 0

    mutating func insert(_ entry: ContactEntry) {
        heap.insert(entry)
        live += 1
    }

    /// A contact indexed here left it (its version has already changed).
    mutating func noteLeft() { live -= 1 }

    mutating func head(isCurrent: (ContactEntry) -> Bool) -> ContactEntry? {
        while let top = heap.min {
            if isCurrent(top) { return top }
            heap.removeMin()
        }
        return nil
    }

    /// Drops the head's entry (which the caller just obtained as current). The contact is
    /// still counted here until `noteLeft`, as for one whose entry went stale.
    mutating func dropHead() {
        heap.removeMin()
    }

    var needsSweep: Bool { heap.needsSweep(live: live) }

    /// Examines up to `steps` entries of a sweep, dropping stale ones (see `AgentIndex.sweep`).
    mutating func sweep(steps: Int, isCurrent: (ContactEntry) -> Bool) {
        var steps = steps
        _ = heap.sweep(steps: &steps, keeping: isCurrent)
    }
}
