/// A named column family: an independent keyspace with its own memtables and SST files,
/// written atomically together with the others through one `WriteBatch`.
public struct ColumnFamily: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public var description: String { name }

    /// RocksDB's own family; always open, unused by Switchboard.
    public static let `default` = ColumnFamily("default")
    /// Node identity and small node-wide records.
    public static let meta = ColumnFamily("meta")
    /// Current state of the shards this node hosts.
    public static let state = ColumnFamily("state")
    /// Replication log entries keyed by (shard, epoch, sequence).
    public static let log = ColumnFamily("log")
    /// Report aggregates per interval.
    public static let reports = ColumnFamily("reports")

    /// The families a Switchboard node opens.
    public static let standard: [ColumnFamily] = [.meta, .state, .log, .reports]
}
