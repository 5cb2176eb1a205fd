/// A shard's term: raised by one every time a node takes the shard over as primary.
///
/// A replica refuses entries and installs from an epoch below the highest it has
/// promised (see `ReplicaState`), which fences a deposed primary: its backup no
/// longer persists its writes, so it can no longer get one acknowledged.
public struct ShardEpoch: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt64

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Before any primary: a replica that never held the shard.
    public static let none = ShardEpoch(0)

    public var next: ShardEpoch { ShardEpoch(rawValue + 1) }

    public var description: String { "e\(rawValue)" }

    public static func < (lhs: ShardEpoch, rhs: ShardEpoch) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
