import CRocksDB

/// How a `Database` is opened. The defaults are the safe ones: sync every batch.
public struct DatabaseOptions: Sendable, Equatable {
    /// Block compression for SST files.
    public enum Compression: Sendable, Equatable {
        case none
        case lz4
        case zstd
    }

    public var syncPolicy: SyncPolicy
    public var compression: Compression
    /// Column families to open (created when missing). Families already on disk are opened too,
    /// because RocksDB refuses to open a database without all of them.
    public var columnFamilies: [ColumnFamily]

    public init(
        syncPolicy: SyncPolicy = .everyBatch,
        compression: Compression = .lz4,
        columnFamilies: [ColumnFamily] = ColumnFamily.standard
    ) {
        self.syncPolicy = syncPolicy
        self.compression = compression
        self.columnFamilies = columnFamilies
    }

    /// A new `rocksdb_options_t`; the caller owns it and must destroy it.
    func makeRocksDBOptions() -> OpaquePointer {
        let options = rocksdb_options_create()!
        rocksdb_options_set_create_if_missing(options, 1)
        rocksdb_options_set_create_missing_column_families(options, 1)
        rocksdb_options_set_paranoid_checks(options, 1)
        rocksdb_options_set_keep_log_file_num(options, 5)
        rocksdb_options_set_compression(options, Int32(compression.rocksDBType))
        return options
    }
}

extension DatabaseOptions.Compression {
    var rocksDBType: Int {
        switch self {
        case .none: rocksdb_no_compression
        case .lz4: rocksdb_lz4_compression
        case .zstd: rocksdb_zstd_compression
        }
    }
}
