/// One shard of the cluster's fixed set, numbered `0..<ShardCount.value`.
///
/// Entities map to a shard by `ShardCount.shard(forKey:)`; a shard maps to its
/// owners by `Placement.owners(of:regionTag:members:)`.
public struct ShardID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(_ rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public var description: String { "shard-\(rawValue)" }

    public static func < (lhs: ShardID, rhs: ShardID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
