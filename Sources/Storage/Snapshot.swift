import CRocksDB

/// A consistent, read-only view of the whole database (every column family) as of the moment
/// it was taken: writes made afterwards are invisible through it. Used to read a shard's state
/// and log at one point for transfer while writes go on. Released when the last reference goes.
///
/// `@unchecked Sendable` because of the `OpaquePointer`s. It is safe: a RocksDB snapshot is an
/// immutable sequence number that any thread may read through, the read options pointing at it
/// are set once here and only read by RocksDB afterwards, and both are freed in `deinit`.
public final class Snapshot: StoreReader, @unchecked Sendable {
    public let database: Database
    private let pointer: OpaquePointer
    private let readOptions: OpaquePointer

    init(database: Database) {
        self.database = database
        pointer = rocksdb_create_snapshot(database.pointer)
        readOptions = rocksdb_readoptions_create()
        rocksdb_readoptions_set_snapshot(readOptions, pointer)
    }

    deinit {
        rocksdb_readoptions_destroy(readOptions)
        rocksdb_release_snapshot(database.pointer, pointer)
    }

    public func get(_ key: [UInt8], in family: ColumnFamily) throws(StorageError) -> [UInt8]? {
        try database.get(key, in: family, readOptions: readOptions)
    }

    public func cursor(in family: ColumnFamily, range: KeyRange) throws(StorageError) -> Cursor {
        try Cursor(database: database, family: family, range: range, snapshot: pointer, owner: self)
    }
}
