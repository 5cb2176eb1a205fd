import Transport

/// Where shards live, as a pure function of the membership view.
///
/// Rules (docs/sharding.md):
/// - Members are ranked per shard by rendezvous weight (`RendezvousWeight`),
///   highest first, ties broken by the lower address.
/// - A shard tagged with a region ranks that region's members ahead of all
///   others. So while the region has two or more members, both owners are in
///   it; with one, it is the primary and the backup comes from another region;
///   with none, the shard lives on all members as if untagged.
/// - The primary is the first-ranked member, the backup the second.
///
/// Guarantees: the result depends only on the set of members (not their order,
/// not duplicates of one address), and on nothing else — no clock, no
/// randomness, no process state. Because a member's rank relative to another
/// never depends on third members, adding a member changes only shards whose
/// new owners include it, and removing one changes only shards it owned.
public enum Placement {
    /// The owners of `shard`, or `nil` when `members` is empty.
    ///
    /// When `members` lists one address more than once, the entry with the
    /// lowest region name counts, so that the answer stays order-independent.
    public static func owners(of shard: ShardID, regionTag: String?, members: [PlacementMember]) -> ShardOwners? {
        owners(of: shard, regionTag: regionTag, candidates: candidates(members))
    }

    /// The owners of every shard of `shardCount`; `regionTags` gives the region
    /// of each tagged shard (untagged shards are absent).
    public static func table(
        shardCount: ShardCount,
        regionTags: [ShardID: String] = [:],
        members: [PlacementMember]
    ) -> PlacementTable {
        let candidates = candidates(members)
        var owners: [ShardID: ShardOwners] = [:]
        for shard in shardCount.shards {
            owners[shard] = Self.owners(of: shard, regionTag: regionTags[shard], candidates: candidates)
        }
        return PlacementTable(shardCount: shardCount, owners: owners)
    }

    private struct Candidate {
        var member: PlacementMember
        var weight: RendezvousWeight
    }

    private struct Rank: Comparable {
        var inRegion: Bool
        var weight: UInt64
        var address: NodeAddress

        /// `a < b` means `a` ranks ahead of `b`.
        static func < (a: Rank, b: Rank) -> Bool {
            if a.inRegion != b.inRegion { return a.inRegion }
            if a.weight != b.weight { return a.weight > b.weight }
            return a.address < b.address
        }
    }

    /// One candidate per address, its hash prefix computed once for all shards.
    private static func candidates(_ members: [PlacementMember]) -> [Candidate] {
        var byAddress: [NodeAddress: PlacementMember] = [:]
        for member in members {
            if let kept = byAddress[member.address], kept.region <= member.region { continue }
            byAddress[member.address] = member
        }
        return byAddress.values.map { Candidate(member: $0, weight: RendezvousWeight($0.address)) }
    }

    /// The two best-ranked candidates in one pass; ranking is a strict total
    /// order over distinct addresses, so the pair does not depend on input order.
    private static func owners(of shard: ShardID, regionTag: String?, candidates: [Candidate]) -> ShardOwners? {
        var first: Rank?
        var second: Rank?
        for candidate in candidates {
            let rank = Rank(
                inRegion: candidate.member.region == regionTag,
                weight: candidate.weight.weight(for: shard),
                address: candidate.member.address
            )
            if let best = first, best < rank {
                if second.map({ rank < $0 }) ?? true { second = rank }
            } else {
                second = first
                first = rank
            }
        }
        return first.map { ShardOwners(primary: $0.address, backup: second?.address) }
    }
}
