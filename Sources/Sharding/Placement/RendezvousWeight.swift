import Transport

/// Highest-random-weight hashing's weight of a member for a shard (Thaler &
/// Ravishankar, "Using name-based mappings to increase hit rates", 1998).
///
/// The weight is the finalized FNV-1a 64 of the member's host (UTF-8), a zero
/// byte, its port and the shard number (both as big-endian `UInt32`). It
/// depends on that pair alone, so adding or removing other members never
/// changes how two members rank for a shard — the property the movement
/// guarantee rests on.
struct RendezvousWeight {
    private let addressHash: FNV1a64

    init(_ address: NodeAddress) {
        var hasher = FNV1a64()
        hasher.combine(bytes: address.host.utf8)
        // The separator keeps ("1.2.3.4", 5) and ("1.2.3.", 45) apart.
        hasher.combine(bytes: [0])
        hasher.combine(bigEndian: UInt32(truncatingIfNeeded: address.port))
        addressHash = hasher
    }

    func weight(for shard: ShardID) -> UInt64 {
        var hasher = addressHash
        hasher.combine(bigEndian: shard.rawValue)
        return hasher.finalized
    }
}
