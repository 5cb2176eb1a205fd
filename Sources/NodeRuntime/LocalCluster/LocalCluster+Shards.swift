import ClusterSystem
import Sharding
import Storage

extension LocalCluster {
    /// `node`'s shards as it reports them, or nil if it does not answer.
    public func shards(of node: String) async -> [ShardStatus]? {
        guard let address = addresses[node],
              let shards = try? ShardManager.resolve(id: .wellKnown(ShardManager.path, on: address), using: client)
        else { return nil }
        return try? await ClusterSystem.withCallTimeout(.seconds(1)) { try await shards.status() }
    }

    /// Whether every shard has a serving primary, as the nodes report it.
    public func allShardsServing(among nodes: [String], shardCount: ShardCount) async -> Bool {
        var serving: Set<ShardID> = []
        for node in nodes {
            for status in await shards(of: node) ?? [] where status.role == .primary {
                serving.insert(status.shard)
            }
        }
        return serving.count == Int(shardCount.value)
    }

    /// Whether every node sees every node alive and every shard has a serving primary:
    /// the cluster can take traffic.
    public func allServing() async -> Bool {
        guard await allSee(names, as: .alive, from: names) else { return false }
        return await allShardsServing(among: names, shardCount: .standard)
    }

    /// Every shard copy in a stopped node's data directory, read straight from RocksDB.
    public func shardCopies(of node: String) throws -> [ShardCopy] {
        let database = try Database.open(at: dataDirectory(of: node))
        return try ShardLogStore(database: database).copies(node: node)
    }
}
