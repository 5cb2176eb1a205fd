import Sharding

/// The sharding knobs an operator sets per cluster; the rest keep the defaults
/// documented in `ShardingSettings`.
public struct ShardingConfig: Sendable, Equatable {
    /// 64: about ten per node for the 3–6 node clusters we expect. Fixed for the
    /// cluster's lifetime: changing it re-homes almost every entity.
    public var shards = 64
    /// Replicated unless an operator opts into primary-only (and gets a warning).
    public var acknowledgement = AcknowledgementPolicy.replicated

    public init() {}

    func validate() throws(ConfigError) {
        guard (1...100_000).contains(shards) else {
            throw ConfigError(key: "sharding.shards", problem: .invalid(value: "\(shards)", expected: "1...100000"))
        }
    }

    /// The settings a node of a cluster with `nodes` configured nodes in `regions`
    /// (in configuration order) runs with.
    public func settings(configuredNodes nodes: Int, regions: [String]) throws(ConfigError) -> ShardingSettings {
        do {
            return ShardingSettings(shardCount: try ShardCount(shards), acknowledgement: acknowledgement,
                                    configuredNodes: nodes, regions: regions)
        } catch {
            throw ConfigError(key: "sharding.shards", problem: .invalid(value: "\(shards)", expected: "\(error)"))
        }
    }
}
