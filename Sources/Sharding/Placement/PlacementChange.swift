/// How one shard's owners differ between two placement tables: the work a
/// hand-off has to do for it.
public struct PlacementChange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var shard: ShardID
    /// `nil` when the older view had no members.
    public var before: ShardOwners?
    /// `nil` when the newer view has no members.
    public var after: ShardOwners?

    public init(shard: ShardID, before: ShardOwners?, after: ShardOwners?) {
        self.shard = shard
        self.before = before
        self.after = after
    }

    /// Whether a different node (or none) takes writes now.
    public var primaryChanged: Bool { before?.primary != after?.primary }

    /// Whether a different node (or none) holds the replica now.
    public var backupChanged: Bool { before?.backup != after?.backup }

    public var description: String {
        "\(shard): \(before.map(String.init(describing:)) ?? "unowned") → \(after.map(String.init(describing:)) ?? "unowned")"
    }
}
