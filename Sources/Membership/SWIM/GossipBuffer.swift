import Transport

/// Updates waiting to be piggybacked (SWIM §4.4; memberlist's
/// `TransmitLimitedQueue`).
///
/// One pending update per member address — a newer one replaces the older, which
/// it supersedes. Each message takes the least-sent updates first (newest first
/// among equals), so a fresh update spreads at once, and an update is dropped after
/// `limit` sends, `retransmitMultiplier × ⌈log2(n + 1)⌉`, by which time the epidemic
/// has reached every member with high probability.
struct GossipBuffer: Sendable {
    private struct Pending: Sendable {
        var entry: GossipEntry
        var transmissions: Int
        /// Insertion order: ties on `transmissions` go to the newest, and the order
        /// is total, so selection never depends on dictionary order.
        var order: UInt64
    }

    private var pending: [NodeAddress: Pending] = [:]
    private var nextOrder: UInt64 = 0

    var count: Int { pending.count }

    /// Queues an update, replacing any pending one about the same member.
    mutating func enqueue(_ entry: GossipEntry) {
        nextOrder += 1
        pending[entry.member.address] = Pending(entry: entry, transmissions: 0, order: nextOrder)
    }

    /// The pending update about `address`, if any.
    func entry(about address: NodeAddress) -> GossipEntry? {
        pending[address]?.entry
    }

    /// Takes up to `maximum` updates for one message, counting a transmission for
    /// each and dropping those sent `limit` times.
    mutating func take(maximum: Int, limit: Int) -> [GossipEntry] {
        guard maximum > 0, !pending.isEmpty else { return [] }
        let chosen = pending.values
            .sorted { ($0.transmissions, $1.order) < ($1.transmissions, $0.order) }
            .prefix(maximum)
        var entries: [GossipEntry] = []
        entries.reserveCapacity(chosen.count)
        for item in chosen {
            let address = item.entry.member.address
            entries.append(item.entry)
            if item.transmissions + 1 >= limit {
                pending[address] = nil
            } else {
                pending[address]?.transmissions += 1
            }
        }
        return entries
    }
}
