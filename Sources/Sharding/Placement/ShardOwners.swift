import Transport

/// The ordered owners of one shard: the primary takes writes, the backup holds
/// the replica it fails over to.
///
/// `backup` is `nil` only when the view has a single member; otherwise it differs from `primary`.
public struct ShardOwners: Hashable, Sendable, Codable, CustomStringConvertible {
    public var primary: NodeAddress
    public var backup: NodeAddress?

    public init(primary: NodeAddress, backup: NodeAddress?) {
        self.primary = primary
        self.backup = backup
    }

    /// Whether `address` is the primary or the backup.
    public func contains(_ address: NodeAddress) -> Bool {
        primary == address || backup == address
    }

    public var description: String {
        "\(primary) / \(backup.map(String.init(describing:)) ?? "no backup")"
    }
}
