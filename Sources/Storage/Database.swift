import CRocksDB
import Foundation

/// An open RocksDB database with named column families.
///
/// Reads and writes may come from any thread. The database closes when the last reference to
/// it goes away; snapshots, cursors and batches hold one, so no C handle outlives the `rocksdb_t`
/// it came from. While open, the directory's `LOCK` keeps every other opener out
/// (`StorageError.dataDirInUse`).
///
/// `@unchecked Sendable` because the C handles are `OpaquePointer`s. It is safe: every stored
/// property is a `let` set in `open` and never mutated; `rocksdb_t` is documented thread-safe
/// (RocksDB's DB methods may be called concurrently without external synchronization); the
/// column family handles and read/write options are only ever read by RocksDB (`const` in its
/// C++ API); and they are freed in `deinit`, when no other thread can hold a reference.
public final class Database: StoreReader, @unchecked Sendable {
    /// The data directory.
    public let path: String
    public let options: DatabaseOptions
    /// The open column families, `default` included.
    public let columnFamilies: [ColumnFamily]

    let pointer: OpaquePointer
    let readOptions: OpaquePointer
    /// A short list rather than a dictionary: a few inline-string compares beat hashing.
    private let familyHandles: [(family: ColumnFamily, handle: OpaquePointer)]
    private let writeOptions: OpaquePointer
    private let syncedWriteOptions: OpaquePointer
    private let walSyncer: WALSyncer?

    private init(
        path: String,
        options: DatabaseOptions,
        pointer: OpaquePointer,
        familyHandles: [(family: ColumnFamily, handle: OpaquePointer)],
        columnFamilies: [ColumnFamily]
    ) {
        self.path = path
        self.options = options
        self.pointer = pointer
        self.familyHandles = familyHandles
        self.columnFamilies = columnFamilies
        readOptions = rocksdb_readoptions_create()
        writeOptions = rocksdb_writeoptions_create()
        rocksdb_writeoptions_set_sync(writeOptions, options.syncPolicy == .everyBatch ? 1 : 0)
        syncedWriteOptions = rocksdb_writeoptions_create()
        rocksdb_writeoptions_set_sync(syncedWriteOptions, 1)
        if case .groupCommit(let interval) = options.syncPolicy {
            walSyncer = WALSyncer(database: pointer, path: path, interval: interval)
        } else {
            walSyncer = nil
        }
    }

    deinit {
        // The syncer's thread uses `pointer`; it must be joined before the database closes.
        walSyncer?.stop()
        for (_, handle) in familyHandles {
            rocksdb_column_family_handle_destroy(handle)
        }
        rocksdb_close(pointer)
        rocksdb_readoptions_destroy(readOptions)
        rocksdb_writeoptions_destroy(writeOptions)
        rocksdb_writeoptions_destroy(syncedWriteOptions)
    }

    /// Opens the database at `path`, creating the directory and missing column families.
    ///
    /// Fails with `.dataDirInUse` when another process (or another open `Database` in this one)
    /// has the directory open, and with `.corruption` naming the path when its files are damaged.
    public static func open(at path: String, options: DatabaseOptions = .init()) throws(StorageError) -> Database {
        try options.syncPolicy.validate(path: path)
        // RocksDB copies the options into the DB; the C struct is only needed during the call.
        let rocksOptions = options.makeRocksDBOptions()
        defer { rocksdb_options_destroy(rocksOptions) }

        let onDisk = try existingFamilyNames(at: path, rocksOptions: rocksOptions)
        var names = [ColumnFamily.default.name]
        for name in options.columnFamilies.map(\.name) + onDisk where !names.contains(name) {
            names.append(name)
        }

        let cNames = names.map { strdup($0) }
        defer { cNames.forEach { free($0) } }
        let namePointers = cNames.map { UnsafePointer<CChar>($0) }
        let familyOptions = [OpaquePointer?](repeating: rocksOptions, count: names.count)
        var handles = [OpaquePointer?](repeating: nil, count: names.count)
        let (database, error) = capturingRocksDBError { errorPointer in
            rocksdb_open_column_families(
                rocksOptions, path, Int32(names.count), namePointers, familyOptions, &handles, errorPointer
            )
        }
        if let error {
            if let database { rocksdb_close(database) }
            throw StorageError(rocksDBMessage: error, path: path)
        }
        guard let database else {
            throw .rocksDB(path: path, message: "rocksdb_open_column_families returned no database")
        }

        let familyHandles = zip(names, handles).compactMap { name, handle in
            handle.map { (family: ColumnFamily(name), handle: $0) }
        }
        return Database(
            path: path,
            options: options,
            pointer: database,
            familyHandles: familyHandles,
            columnFamilies: names.map(ColumnFamily.init)
        )
    }

    /// The families recorded in the directory's MANIFEST, or none for a new directory.
    private static func existingFamilyNames(
        at path: String,
        rocksOptions: OpaquePointer
    ) throws(StorageError) -> [String] {
        guard FileManager.default.fileExists(atPath: path + "/CURRENT") else {
            // Without CURRENT, RocksDB would create a fresh database over the old files.
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            if let file = leftovers.first(where: { $0.hasPrefix("MANIFEST-") || $0.hasSuffix(".sst") }) {
                throw .corruption(path: path, message: "CURRENT is missing but \(file) exists")
            }
            return []
        }
        var count = 0
        let (list, error) = capturingRocksDBError { rocksdb_list_column_families(rocksOptions, path, &count, $0) }
        guard let list else {
            throw StorageError(rocksDBMessage: error ?? "listing column families failed", path: path)
        }
        defer { rocksdb_list_column_families_destroy(list, count) }
        if let error { throw StorageError(rocksDBMessage: error, path: path) }
        return (0..<count).compactMap { list[$0].map { String(cString: $0) } }
    }

    func handle(for family: ColumnFamily) throws(StorageError) -> OpaquePointer {
        guard let entry = familyHandles.first(where: { $0.family == family }) else {
            throw .unknownColumnFamily(name: family.name)
        }
        return entry.handle
    }

    /// A new, empty batch for this database.
    public func makeBatch() -> WriteBatch {
        WriteBatch(database: self)
    }

    /// Applies every operation of `batch` atomically, across column families.
    ///
    /// Durability follows the sync policy; `forceSync` fsyncs the WAL before returning whatever
    /// the policy (for records such as the node generation that must never go backwards).
    public func write(_ batch: WriteBatch, forceSync: Bool = false) throws(StorageError) {
        guard batch.database === self else {
            throw .invalidArgument(path: path, message: "batch was made for data dir \(batch.database.path)")
        }
        if let failure = walSyncer?.failure {
            throw failure
        }
        let options = forceSync ? syncedWriteOptions : writeOptions
        PerfCounters.disableOnThisThread()
        let (_, error) = capturingRocksDBError { rocksdb_write(pointer, options, batch.pointer, $0) }
        if let error { throw StorageError(rocksDBMessage: error, path: path) }
    }

    /// Writes one key (a one-operation batch).
    public func put(_ key: [UInt8], _ value: [UInt8], in family: ColumnFamily) throws(StorageError) {
        let batch = makeBatch()
        try batch.put(key, value, in: family)
        try write(batch)
    }

    /// Deletes one key (a one-operation batch).
    public func delete(_ key: [UInt8], in family: ColumnFamily) throws(StorageError) {
        let batch = makeBatch()
        try batch.delete(key, in: family)
        try write(batch)
    }

    /// Flushes and fsyncs the WAL now: every write acknowledged before the call is durable after it.
    public func syncWAL() throws(StorageError) {
        let (_, error) = capturingRocksDBError { rocksdb_flush_wal(pointer, 1, $0) }
        if let error { throw StorageError(rocksDBMessage: error, path: path) }
    }

    public func get(_ key: [UInt8], in family: ColumnFamily) throws(StorageError) -> [UInt8]? {
        try get(key, in: family, readOptions: readOptions)
    }

    public func cursor(in family: ColumnFamily, range: KeyRange) throws(StorageError) -> Cursor {
        try Cursor(database: self, family: family, range: range, snapshot: nil, owner: self)
    }

    /// A consistent read view of the database as of now.
    public func snapshot() -> Snapshot {
        Snapshot(database: self)
    }

    func get(_ key: [UInt8], in family: ColumnFamily, readOptions: OpaquePointer) throws(StorageError) -> [UInt8]? {
        let handle = try handle(for: family)
        PerfCounters.disableOnThisThread()
        let (slice, error) = key.withCChars { bytes, length in
            capturingRocksDBError { rocksdb_get_pinned_cf(pointer, readOptions, handle, bytes, length, $0) }
        }
        if let error {
            if let slice { rocksdb_pinnableslice_destroy(slice) }
            throw StorageError(rocksDBMessage: error, path: path)
        }
        guard let slice else { return nil }
        defer { rocksdb_pinnableslice_destroy(slice) }
        var length = 0
        guard let value = rocksdb_pinnableslice_value(slice, &length) else { return [] }
        return value.copyBytes(count: length)
    }
}
