import Transport

/// One shard as one node holds it, for `switchboard ctl shards`.
public struct ShardStatus: Hashable, Sendable, Codable {
    public enum Role: String, Hashable, Sendable, Codable {
        /// Accepting writes.
        case primary
        /// Placement makes this node primary, and it is taking the shard over.
        case takingOver = "taking-over"
        /// Placement makes this node the backup.
        case backup
        /// Holds a copy it no longer owns, until the primary releases it.
        case stale
    }

    public var shard: ShardID
    public var role: Role
    public var primary: NodeAddress?
    public var backup: NodeAddress?
    public var replica: ReplicaState
    /// Entries the primary holds that its backup has not yet persisted (primary only).
    public var replicationLag: UInt64?
    /// The region whose nodes the shard prefers (`ShardLayout`), if any.
    public var region: String?

    public init(shard: ShardID, role: Role, primary: NodeAddress?, backup: NodeAddress?,
                replica: ReplicaState, replicationLag: UInt64?, region: String? = nil) {
        self.shard = shard
        self.role = role
        self.primary = primary
        self.backup = backup
        self.replica = replica
        self.replicationLag = replicationLag
        self.region = region
    }
}
