/// A failure of the storage layer, carrying the data directory (or key) it concerns so an
/// operator can act on it without reading RocksDB's own log.
public enum StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Another process — or another open `Database` in this one — holds the directory's `LOCK`.
    case dataDirInUse(path: String)
    /// RocksDB found a checksum mismatch, a malformed `CURRENT`/`MANIFEST` or a torn file.
    case corruption(path: String, message: String)
    /// The device holding the directory has no space left.
    case diskFull(path: String, message: String)
    /// Any other I/O failure reported by the file system.
    case io(path: String, message: String)
    /// RocksDB rejected an argument or option (e.g. a checkpoint into an existing directory).
    case invalidArgument(path: String, message: String)
    /// A status RocksDB reports that this layer has no more specific case for.
    case rocksDB(path: String, message: String)
    /// The column family was not opened with this database.
    case unknownColumnFamily(name: String)
    /// Stored key bytes do not decode as the keyspace's key type.
    case malformedKey(reason: String)
    /// Stored value bytes do not decode as the keyspace's value type.
    case malformedValue(reason: String)

    public var description: String {
        switch self {
        case .dataDirInUse(let path):
            "data dir \(path) is in use by another node"
        case .corruption(let path, let message):
            "data dir \(path) is corrupted: \(message)"
        case .diskFull(let path, let message):
            "disk full under data dir \(path): \(message)"
        case .io(let path, let message):
            "I/O error in data dir \(path): \(message)"
        case .invalidArgument(let path, let message):
            "invalid argument for data dir \(path): \(message)"
        case .rocksDB(let path, let message):
            "RocksDB error in data dir \(path): \(message)"
        case .unknownColumnFamily(let name):
            "column family \(name) is not open"
        case .malformedKey(let reason):
            "malformed key: \(reason)"
        case .malformedValue(let reason):
            "malformed value: \(reason)"
        }
    }
}

extension StorageError {
    /// Classifies a RocksDB `Status::ToString()` message.
    ///
    /// RocksDB's C API only hands back the message, so the class is read from its fixed prefix
    /// ("IO error: ", "Corruption: ", "Invalid argument: "). A held `LOCK` is an I/O error that
    /// names the lock file: "While lock file: <dir>/LOCK: Resource temporarily unavailable" from
    /// another process, "lock hold by current process …" from this one.
    init(rocksDBMessage message: String, path: String) {
        let lowered = message.lowercased()
        if lowered.hasPrefix("io error") {
            if lowered.contains("no space left") || lowered.contains("nospace") {
                self = .diskFull(path: path, message: message)
            } else if message.contains("/LOCK") && lowered.contains("lock") {
                self = .dataDirInUse(path: path)
            } else {
                self = .io(path: path, message: message)
            }
        } else if lowered.hasPrefix("corruption") {
            self = .corruption(path: path, message: message)
        } else if lowered.hasPrefix("invalid argument") {
            self = .invalidArgument(path: path, message: message)
        } else {
            self = .rocksDB(path: path, message: message)
        }
    }
}
