/// The owners of every shard for one membership view, as computed by
/// `Placement.table(shardCount:regionTags:members:)`.
///
/// A shard is absent from `owners` only when the view had no members.
public struct PlacementTable: Hashable, Sendable, Codable {
    public let shardCount: ShardCount
    public let owners: [ShardID: ShardOwners]

    public init(shardCount: ShardCount, owners: [ShardID: ShardOwners]) {
        self.shardCount = shardCount
        self.owners = owners
    }

    public subscript(shard: ShardID) -> ShardOwners? {
        owners[shard]
    }

    /// The shards whose primary or backup differs in `newer`, in shard order.
    ///
    /// Both tables must be for the same shard count: the count is fixed for a
    /// cluster's lifetime, so differing counts are a programming error.
    public func changes(to newer: PlacementTable) -> [PlacementChange] {
        precondition(shardCount == newer.shardCount, "placement tables for \(shardCount) and \(newer.shardCount)")
        return shardCount.shards.compactMap { shard in
            let change = PlacementChange(shard: shard, before: self[shard], after: newer[shard])
            return change.primaryChanged || change.backupChanged ? change : nil
        }
    }
}
