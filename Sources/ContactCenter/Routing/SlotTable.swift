/// An ID whose slot a `SlotTable` keeps: one that fits in 64 bits and comes back from them.
protocol SlotTableKey {
    var slotTableKey: UInt64 { get }
    init(slotTableKey: UInt64)
}

extension ContactID: SlotTableKey {
    var slotTableKey: UInt64 { rawValue }
    init(slotTableKey: UInt64) { self.init(slotTableKey) }
}

extension QueueID: SlotTableKey {
    var slotTableKey: UInt64 { UInt64(rawValue) }
    init(slotTableKey: UInt64) { self.init(UInt32(truncatingIfNeeded: slotTableKey)) }
}

/// The engine's slot of each contact being routed, and of each queue, by ID.
///
/// Open addressing with linear probing: a bucket holds the ID and its slot side by side, so
/// a lookup reads one cache line where `Dictionary` reads its occupancy bitmap, keys and
/// values apart, and places the ID with one multiplication (Fibonacci hashing) rather
/// than SipHash. Every arrival, answer and end looks a contact up, and `Dictionary` here
/// was about 6% of the routing benchmark; every arrival also looks its queue up, about 140
/// instructions through `Dictionary` against about 20. The IDs are the gateway's (region in
/// the top byte, a sequence below) or the tenant's configuration, not chosen by callers, so
/// a fixed multiplier is safe; it spreads such structured IDs, four at a time
/// (`home(of:)`), evenly over the table.
struct SlotTable<ID: SlotTableKey> {
    private struct Bucket {
        var id: UInt64
        /// -1 for an empty bucket.
        var slot: Int32
    }

    private static var empty: Bucket { Bucket(id: 0, slot: -1) }
    private var buckets = [Bucket](repeating: Self.empty, count: 16)
    /// 64 minus log2 of the bucket count: a home bucket is the product's top bits.
    private var shift = 60
    private(set) var count = 0

    private var mask: Int { buckets.count - 1 }

    /// Four consecutive IDs share a home group of four buckets, 64 bytes: one cache line,
    /// or two where the array's storage (16-byte aligned) splits it. The gateway hands IDs
    /// out in sequence, so contacts that arrive together are entered and looked up in
    /// memory already in cache. The groups themselves are spread by Fibonacci hashing;
    /// spreading single IDs put every arrival's bucket on a line of its own. Inlined: the
    /// call cost about as much as the hashing, on every lookup.
    @inline(__always)
    private func home(of id: ID) -> Int {
        let key = id.slotTableKey
        let group = Int(truncatingIfNeeded: ((key >> 2) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift + 2))
        return group << 2 | Int(truncatingIfNeeded: key & 3)
    }

    /// The bucket holding `id`, or the empty bucket where it would go.
    private func position(of id: ID) -> Int {
        var position = home(of: id)
        while buckets[position].slot >= 0, buckets[position].id != id.slotTableKey {
            position = (position + 1) & mask
        }
        return position
    }

    subscript(id: ID) -> Int32? {
        let bucket = buckets[position(of: id)]
        return bucket.slot >= 0 ? bucket.slot : nil
    }

    /// Adds or replaces the slot of `id`.
    mutating func insert(_ id: ID, slot: Int32) {
        precondition(slot >= 0, "a slot is an index")
        let position = position(of: id)
        if buckets[position].slot < 0 {
            count += 1
            // At most half full, so that probes stay short.
            if count * 2 > buckets.count {
                grow()
                buckets[self.position(of: id)] = Bucket(id: id.slotTableKey, slot: slot)
                return
            }
        }
        buckets[position] = Bucket(id: id.slotTableKey, slot: slot)
    }

    /// Removes `id`, shifting back the entries after it that probed past its bucket, so that
    /// no tombstones build up (deletion for linear probing, Knuth 6.4 algorithm R).
    mutating func remove(_ id: ID) {
        var hole = position(of: id)
        guard buckets[hole].slot >= 0 else { return }
        count -= 1
        var next = hole
        while true {
            next = (next + 1) & mask
            guard buckets[next].slot >= 0 else { break }
            let home = home(of: ID(slotTableKey: buckets[next].id))
            // The entry may fill the hole unless its home lies cyclically in (hole, next].
            let stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
            if !stays {
                buckets[hole] = buckets[next]
                hole = next
            }
        }
        buckets[hole] = Self.empty
    }

    private mutating func grow() {
        let old = buckets
        buckets = [Bucket](repeating: Self.empty, count: old.count * 2)
        shift -= 1
        for bucket in old where bucket.slot >= 0 {
            var position = home(of: ID(slotTableKey: bucket.id))
            while buckets[position].slot >= 0 { position = (position + 1) & mask }
            buckets[position] = bucket
        }
    }
}
