import CRocksDB

/// Puts and deletes, across column families, that `Database.write` applies atomically: after a
/// crash either all of them are visible or none.
///
/// Not `Sendable`: one task builds a batch, then hands it to `write`. It keeps its database
/// alive so the column family handles it refers to stay valid.
public final class WriteBatch {
    let database: Database
    let pointer: OpaquePointer

    init(database: Database) {
        self.database = database
        pointer = rocksdb_writebatch_create()
    }

    deinit {
        rocksdb_writebatch_destroy(pointer)
    }

    /// The number of operations in the batch.
    public var count: Int {
        Int(rocksdb_writebatch_count(pointer))
    }

    public func put(_ key: [UInt8], _ value: [UInt8], in family: ColumnFamily) throws(StorageError) {
        let handle = try database.handle(for: family)
        key.withCChars { keyBytes, keyLength in
            value.withCChars { valueBytes, valueLength in
                rocksdb_writebatch_put_cf(pointer, handle, keyBytes, keyLength, valueBytes, valueLength)
            }
        }
    }

    public func delete(_ key: [UInt8], in family: ColumnFamily) throws(StorageError) {
        let handle = try database.handle(for: family)
        key.withCChars { keyBytes, keyLength in
            rocksdb_writebatch_delete_cf(pointer, handle, keyBytes, keyLength)
        }
    }

    /// Deletes every key in `[range.lowerBound, range.upperBound)`; an open upper bound is rejected.
    public func delete(_ range: KeyRange, in family: ColumnFamily) throws(StorageError) {
        let handle = try database.handle(for: family)
        guard let upperBound = range.upperBound else {
            throw .invalidArgument(path: database.path, message: "range deletion needs an upper bound")
        }
        range.lowerBound.withCChars { lowerBytes, lowerLength in
            upperBound.withCChars { upperBytes, upperLength in
                rocksdb_writebatch_delete_range_cf(pointer, handle, lowerBytes, lowerLength, upperBytes, upperLength)
            }
        }
    }

    /// Empties the batch so it can be reused.
    public func clear() {
        rocksdb_writebatch_clear(pointer)
    }
}
