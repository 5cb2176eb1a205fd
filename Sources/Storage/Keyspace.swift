/// A typed slice of a column family: keys of one `OrderedKey` type under a name prefix, values
/// of one `StoredValue` type. Several keyspaces share a column family without overlapping,
/// because each key starts with the keyspace's escaped, terminated name.
public struct Keyspace<Key: OrderedKey, Value: StoredValue>: Sendable {
    public let name: String
    public let columnFamily: ColumnFamily
    /// The encoded name every key of this keyspace starts with.
    public let prefix: [UInt8]

    public init(_ name: String, in columnFamily: ColumnFamily) {
        self.name = name
        self.columnFamily = columnFamily
        prefix = name.encodedKey
    }

    /// The raw RocksDB key for `key`.
    public func rawKey(_ key: some OrderedKey) -> [UInt8] {
        var encoder = KeyEncoder()
        encoder.append(raw: prefix)
        key.encode(into: &encoder)
        return encoder.bytes
    }

    /// Decodes a raw RocksDB key of this keyspace.
    public func key(fromRaw raw: [UInt8]) throws(StorageError) -> Key {
        guard raw.starts(with: prefix) else {
            throw .malformedKey(reason: "key does not belong to keyspace \(name)")
        }
        return try Key(encodedKey: Array(raw[prefix.count...]))
    }

    public func get(_ key: Key, from reader: some StoreReader) throws(StorageError) -> Value? {
        guard let bytes = try reader.get(rawKey(key), in: columnFamily) else { return nil }
        return try Value(storedBytes: bytes)
    }

    public func put(_ key: Key, _ value: Value, in batch: WriteBatch) throws(StorageError) {
        try batch.put(rawKey(key), value.storedBytes, in: columnFamily)
    }

    public func delete(_ key: Key, in batch: WriteBatch) throws(StorageError) {
        try batch.delete(rawKey(key), in: columnFamily)
    }

    /// Entries whose keys start with the leading components `keyPrefix` (for instance
    /// `CompositeKey(shard)` for a key `CompositeKey<UInt32, UInt64>`), in key order.
    public func entries(
        withPrefix keyPrefix: some OrderedKey,
        from reader: some StoreReader,
        limit: Int = .max
    ) throws(StorageError) -> [(key: Key, value: Value)] {
        try entries(in: .prefix(rawKey(keyPrefix)), from: reader, limit: limit)
    }

    /// Entries with `lowerBound <= key < upperBound` (`nil` bounds are open), in key order.
    public func entries(
        from lowerBound: Key?,
        to upperBound: Key?,
        in reader: some StoreReader,
        limit: Int = .max
    ) throws(StorageError) -> [(key: Key, value: Value)] {
        let whole = KeyRange.prefix(prefix)
        let range = KeyRange(
            from: lowerBound.map { rawKey($0) } ?? whole.lowerBound,
            to: upperBound.map { rawKey($0) } ?? whole.upperBound
        )
        return try entries(in: range, from: reader, limit: limit)
    }

    private func entries(
        in range: KeyRange,
        from reader: some StoreReader,
        limit: Int
    ) throws(StorageError) -> [(key: Key, value: Value)] {
        var result: [(key: Key, value: Value)] = []
        for entry in try reader.scan(in: columnFamily, range: range, limit: limit) {
            result.append((try key(fromRaw: entry.key), try Value(storedBytes: entry.value)))
        }
        return result
    }
}
