/// When the primary answers a write.
public enum AcknowledgementPolicy: String, Sendable, Codable, CaseIterable {
    /// After the entry is in RocksDB on the primary and on the backup: an
    /// acknowledged write survives the loss of any one node. The default.
    case replicated
    /// After the entry is in RocksDB on the primary; the backup receives it right
    /// after. Faster, but a primary lost in that moment takes acknowledged writes
    /// with it. An opt-in, and the node logs a warning when it starts with it.
    case primaryOnly
}
