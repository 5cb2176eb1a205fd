extension ShardCount {
    /// The shard an entity key lives on: the finalized FNV-1a 64 of its bytes,
    /// modulo the shard count.
    ///
    /// The same key gives the same shard on every node, platform and run.
    public func shard<Bytes: Sequence<UInt8>>(forKeyBytes key: Bytes) -> ShardID {
        var hasher = FNV1a64()
        hasher.combine(bytes: key)
        return ShardID(UInt32(hasher.finalized % UInt64(value)))
    }

    /// The shard an entity key lives on, hashing the key's UTF-8 bytes.
    public func shard(forKey key: String) -> ShardID {
        shard(forKeyBytes: key.utf8)
    }
}
