/// How many shards a cluster has: fixed for the cluster's lifetime, at least 1.
///
/// Every node must use the same count, because entity keys map to shards modulo
/// it; changing it re-homes almost every entity. The default, 64, is about ten
/// times the node count we expect (3–6 nodes): enough shards that a dead node's
/// load spreads over all survivors and that balance stays within a few percent,
/// few enough that per-shard replication state stays small.
public struct ShardCount: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The number of shards, in `1...UInt32.max`.
    public let value: UInt32

    /// The default for clusters of up to about six nodes.
    public static let standard = ShardCount(validated: 64)

    /// Validates `value`: it must be in `1...UInt32.max`.
    public init(_ value: Int) throws(ShardCountError) {
        guard value >= 1 else { throw .notPositive(value) }
        guard value <= Int(UInt32.max) else { throw .tooLarge(value) }
        self.value = UInt32(value)
    }

    /// Ten shards per expected node (at least one node), the rule of thumb behind `standard`.
    public static func recommended(forExpectedNodes nodes: Int) throws(ShardCountError) -> ShardCount {
        let (shards, overflow) = max(nodes, 1).multipliedReportingOverflow(by: 10)
        guard !overflow else { throw .tooLarge(Int.max) }
        return try ShardCount(shards)
    }

    private init(validated value: UInt32) {
        self.value = value
    }

    /// Every shard, in ascending order.
    public var shards: [ShardID] {
        (0..<value).map(ShardID.init)
    }

    /// Whether `shard` is one of this cluster's shards.
    public func contains(_ shard: ShardID) -> Bool {
        shard.rawValue < value
    }

    public var description: String { "\(value) shards" }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(Int.self)
        self = try ShardCount(raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Int(value))
    }
}
