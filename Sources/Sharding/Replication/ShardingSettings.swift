/// How a node hosts shards. Defaults are the safe ones; see docs/sharding.md.
public struct ShardingSettings: Sendable, Equatable {
    /// Shards in the cluster; every node must agree on it.
    public var shardCount: ShardCount
    public var acknowledgement: AcknowledgementPolicy
    /// Nodes the cluster is configured with. A one-node cluster has no backup to
    /// replicate to and serves primary-only; any larger cluster refuses writes to a
    /// shard while it has no backup rather than acknowledge what one loss would lose.
    public var configuredNodes: Int
    /// How long a replication or takeover call may take before the primary gives the
    /// shard up and takes it over again (a new epoch, the backup reinstalled).
    /// 1 s: far above a loopback round trip, well inside the failover bar.
    public var replicationTimeout: Duration
    /// The pause before a failed takeover is tried again; doubled up to 8× with jitter.
    /// 100 ms: a takeover usually fails because views still disagree, which gossip
    /// fixes within a probe interval or two.
    public var takeoverRetryDelay: Duration
    /// Entries per install or catch-up message, at most; a page also stops at 4 MiB
    /// (`ByteBudget`), under the transport's 8 MiB frame limit. 4,000 typical entries
    /// are about 500 KiB: a shard of 10,000 entries moves in three round trips.
    public var installPageSize: Int
    /// Writes gathered into one batch (one WriteBatch, one append to the backup).
    public var maximumBatch: Int
    /// The largest payload a write may carry.
    public var maximumPayloadBytes: Int
    /// The cluster's regions in configuration order, for region-bound entities; every
    /// node must agree on them.
    public var regions: [String]

    /// Where entity keys live, from the shard count and the regions.
    public var layout: ShardLayout { ShardLayout(shardCount: shardCount, regions: regions) }

    public init(shardCount: ShardCount = .standard, acknowledgement: AcknowledgementPolicy = .replicated,
                configuredNodes: Int, replicationTimeout: Duration = .seconds(1),
                takeoverRetryDelay: Duration = .milliseconds(100), installPageSize: Int = 4_000,
                maximumBatch: Int = 512, maximumPayloadBytes: Int = 64 * 1024, regions: [String] = []) {
        self.shardCount = shardCount
        self.acknowledgement = acknowledgement
        self.configuredNodes = configuredNodes
        self.replicationTimeout = replicationTimeout
        self.takeoverRetryDelay = takeoverRetryDelay
        self.installPageSize = installPageSize
        self.maximumBatch = maximumBatch
        self.maximumPayloadBytes = maximumPayloadBytes
        self.regions = regions
    }
}
