/// Where entity keys live: the shard a key maps to, and the region each shard prefers.
///
/// DESIGN.md asks that a region's routing shards live on that region's nodes while it
/// has any, so that routing, the hot path, never crosses a region. With two or more
/// regions, the first half of the shards are set aside for entities bound to a region.
/// Shard `s` of that half prefers region `s mod R`; placement ranks that region's
/// members first (`Placement`). A key bound to region `k` maps, by its hash, to one of
/// the shards that prefer `k`. Every other key maps over all shards as before, so
/// customers' sessions still spread over every shard. The other half of the shards
/// prefers no region, which keeps a region with few nodes from hosting most of the
/// cluster's sessions.
///
/// Every node must use the same layout: the shard count and the regions in
/// configuration order.
public struct ShardLayout: Hashable, Sendable {
    public let shardCount: ShardCount
    /// The cluster's regions in configuration order; a region's index is its place here.
    public let regions: [String]
    /// Shards that prefer each region; zero when there is nothing to prefer (one region,
    /// or fewer shards than regions).
    public let shardsPerRegion: Int

    public init(shardCount: ShardCount, regions: [String] = []) {
        self.shardCount = shardCount
        self.regions = regions
        let count = Int(shardCount.value)
        shardsPerRegion = regions.count >= 2 && count >= regions.count ? max(1, count / (2 * regions.count)) : 0
    }

    /// The shard of `key`; `region` is the index of the region the entity is bound to,
    /// if any. A region index outside the configured regions binds to none.
    public func shard(forKey key: String, region: Int?) -> ShardID {
        guard let region, regions.indices.contains(region), shardsPerRegion > 0 else {
            return shardCount.shard(forKey: key)
        }
        // Only fails for a count of zero, which `shardsPerRegion > 0` rules out.
        let slot = (try? ShardCount(shardsPerRegion))?.shard(forKey: key).rawValue ?? 0
        return ShardID(UInt32(region) + slot * UInt32(regions.count))
    }

    /// The region `shard` prefers, if any.
    public func region(of shard: ShardID) -> String? {
        let index = Int(shard.rawValue)
        guard shardsPerRegion > 0, index < shardsPerRegion * regions.count else { return nil }
        return regions[index % regions.count]
    }

    /// Every shard's preferred region, for `Placement.table(shardCount:regionTags:members:)`.
    public var regionTags: [ShardID: String] {
        var tags: [ShardID: String] = [:]
        for index in 0..<(shardsPerRegion * regions.count) {
            tags[ShardID(UInt32(index))] = regions[index % regions.count]
        }
        return tags
    }
}
