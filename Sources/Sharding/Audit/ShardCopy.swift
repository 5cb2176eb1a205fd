import Transport

/// Everything one node holds of one shard, read straight from its RocksDB.
public struct ShardCopy: Hashable, Sendable, Codable {
    public var node: String
    public var shard: ShardID
    public var replica: ReplicaState
    public var entries: [LogEntry]

    public init(node: String, shard: ShardID, replica: ReplicaState, entries: [LogEntry]) {
        self.node = node
        self.shard = shard
        self.replica = replica
        self.entries = entries
    }
}

extension ShardLogStore {
    /// Every shard copy in the store, for audits of a stopped node's data directory.
    public func copies(node: String) throws -> [ShardCopy] {
        try shards.map { shard in
            ShardCopy(node: node, shard: shard, replica: state(of: shard),
                      entries: try entries(of: shard, from: 1, limit: .max))
        }
    }
}
