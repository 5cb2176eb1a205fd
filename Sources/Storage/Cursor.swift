import CRocksDB

/// Walks a key range in ascending order over a RocksDB iterator.
///
/// Not `Sendable`: a RocksDB iterator must not be used by two threads at once. It keeps its
/// owner (the `Database` or `Snapshot`) alive, and owns copies of the range bounds, because
/// RocksDB's read options only point at them.
public final class Cursor {
    private let owner: AnyObject
    private let path: String
    private let readOptions: OpaquePointer
    private let iterator: OpaquePointer
    private let lowerBound: UnsafeMutableBufferPointer<CChar>
    private let upperBound: UnsafeMutableBufferPointer<CChar>?
    private var started = false

    init(
        database: Database,
        family: ColumnFamily,
        range: KeyRange,
        snapshot: OpaquePointer?,
        owner: AnyObject
    ) throws(StorageError) {
        let handle = try database.handle(for: family)
        self.owner = owner
        path = database.path
        lowerBound = Self.copy(range.lowerBound)
        upperBound = range.upperBound.map(Self.copy)
        readOptions = rocksdb_readoptions_create()
        if let snapshot {
            rocksdb_readoptions_set_snapshot(readOptions, snapshot)
        }
        rocksdb_readoptions_set_iterate_lower_bound(readOptions, lowerBound.baseAddress, lowerBound.count)
        if let upperBound {
            rocksdb_readoptions_set_iterate_upper_bound(readOptions, upperBound.baseAddress, upperBound.count)
        }
        iterator = rocksdb_create_iterator_cf(database.pointer, readOptions, handle)
        PerfCounters.disableOnThisThread()
        rocksdb_iter_seek(iterator, lowerBound.baseAddress, lowerBound.count)
    }

    deinit {
        rocksdb_iter_destroy(iterator)
        rocksdb_readoptions_destroy(readOptions)
        lowerBound.deallocate()
        upperBound?.deallocate()
    }

    /// The next entry, or `nil` past the end of the range.
    public func next() throws(StorageError) -> Entry? {
        PerfCounters.disableOnThisThread()
        if started {
            rocksdb_iter_next(iterator)
        }
        started = true
        guard rocksdb_iter_valid(iterator) != 0 else {
            let (_, error) = capturingRocksDBError { rocksdb_iter_get_error(iterator, $0) }
            if let error { throw StorageError(rocksDBMessage: error, path: path) }
            return nil
        }
        var keyLength = 0
        var valueLength = 0
        let key = rocksdb_iter_key(iterator, &keyLength)
        let value = rocksdb_iter_value(iterator, &valueLength)
        return Entry(
            key: key.map { $0.copyBytes(count: keyLength) } ?? [],
            value: value.map { $0.copyBytes(count: valueLength) } ?? []
        )
    }

    /// A heap copy of `bytes` (at least one byte long, so the base address is never nil).
    private static func copy(_ bytes: [UInt8]) -> UnsafeMutableBufferPointer<CChar> {
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(bytes.count, 1))
        for (index, byte) in bytes.enumerated() {
            buffer[index] = CChar(bitPattern: byte)
        }
        return UnsafeMutableBufferPointer(rebasing: buffer[..<bytes.count])
    }
}
