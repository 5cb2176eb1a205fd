import CRocksDB

extension Database {
    /// Writes an openable copy of the whole database, as of now, into `directory`, which must not
    /// exist yet. SST files are hard-linked when `directory` is on the same file system, so a
    /// checkpoint is cheap; the memtables are flushed first, so the copy needs no WAL replay.
    /// Ship the directory to another node and `Database.open` it there.
    public func checkpoint(to directory: String) throws(StorageError) {
        let (checkpoint, createError) = capturingRocksDBError { rocksdb_checkpoint_object_create(pointer, $0) }
        if let createError {
            if let checkpoint { rocksdb_checkpoint_object_destroy(checkpoint) }
            throw StorageError(rocksDBMessage: createError, path: path)
        }
        guard let checkpoint else {
            throw .rocksDB(path: path, message: "rocksdb_checkpoint_object_create returned nothing")
        }
        defer { rocksdb_checkpoint_object_destroy(checkpoint) }
        // A log size threshold of 0 makes RocksDB flush the memtables unconditionally.
        let (_, error) = capturingRocksDBError { rocksdb_checkpoint_create(checkpoint, directory, 0, $0) }
        if let error { throw StorageError(rocksDBMessage: error, path: directory) }
    }
}
