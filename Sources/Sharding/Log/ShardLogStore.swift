import ClusterSystem
import Storage

/// This node's copies of shards in RocksDB: each shard's log, its replica state, the
/// index from request to log position that makes retried writes idempotent, and the
/// index from entity to its events' positions that lets an entity be activated by
/// reading its own events rather than the whole log.
///
/// Every change is one `WriteBatch`, so a crash leaves a shard either before or
/// after the change, never between its log and its state. Owned by one actor.
public final class ShardLogStore {
    private let database: Database
    private var states: [ShardID: ReplicaState] = [:]

    private static let log = Keyspace<CompositeKey<UInt32, UInt64>, [UInt8]>("shard-log", in: .log)
    private static let replicas = Keyspace<UInt32, [UInt8]>("shard-replica", in: .meta)
    private static let requests = Keyspace<CompositeKey<UInt32, UInt64, UInt64>, [UInt8]>("shard-request", in: .state)
    /// (shard, entity hash, sequence) → nothing: where each entity's events are.
    private static let entityEvents = Keyspace<CompositeKey<UInt32, UInt64, UInt64>, [UInt8]>("shard-entity", in: .state)
    /// (shard, kind hash, entity hash) → the entity's key: which entities of a kind have
    /// events of their own in the shard, so a new primary can wake those that act on
    /// their own. Entities that only receive projections are not listed.
    private static let entityKeys = Keyspace<CompositeKey<UInt32, UInt64, UInt64>, [UInt8]>("shard-entity-key", in: .state)
    /// Present once `entityEvents` and `entityKeys` cover every log entry (databases
    /// written before them are indexed once, when opened). Version 2 indexes every
    /// entity of a projection's entry, which a node of an earlier version stored without
    /// indexing; version 3 adds `entityKeys`.
    private static let entityIndexVersion = Keyspace<String, [UInt8]>("shard-entity-index", in: .meta)
    private static let currentIndexVersion = "v3"

    /// Opens the store over `database`, reading every shard's replica state.
    public init(database: Database) throws {
        self.database = database
        for (shard, bytes) in try Self.replicas.entries(from: nil, to: nil, in: database) {
            states[ShardID(shard)] = try BinaryDecoder().decode(ReplicaState.self, from: bytes)
        }
        if try Self.entityIndexVersion.get(Self.currentIndexVersion, from: database) == nil { try indexEntityEvents() }
    }

    private func indexEntityEvents() throws {
        let batch = database.makeBatch()
        for (key, bytes) in try Self.log.entries(from: nil, to: nil, in: database) {
            let (shard, sequence) = key.components
            let entry = try LogEntryCodec.decode(single: bytes)
            try index(entry.payload, at: sequence, of: shard, in: batch)
        }
        try Self.entityIndexVersion.put(Self.currentIndexVersion, [], in: batch)
        try database.write(batch)
    }

    /// The shards this node holds anything of (a promise or entries).
    public var shards: [ShardID] { states.keys.sorted() }

    public func state(of shard: ShardID) -> ReplicaState {
        states[shard] ?? .empty
    }

    /// Persists a new replica state alone (a fence's promise, an install's completion).
    public func save(_ state: ReplicaState, of shard: ShardID) throws {
        let batch = database.makeBatch()
        try put(state, of: shard, in: batch)
        try database.write(batch)
        states[shard] = state
    }

    /// Appends entries (in sequence order, continuing the log) and the state they lead
    /// to, atomically.
    public func append(_ entries: [LogEntry], to shard: ShardID, state: ReplicaState) throws {
        try append([(shard, entries, state)])
    }

    /// Appends to several shards in one WriteBatch: one sync for a whole group-commit round.
    public func append(_ changes: [(shard: ShardID, entries: [LogEntry], state: ReplicaState)]) throws {
        guard !changes.isEmpty else { return }
        let batch = database.makeBatch()
        for (shard, entries, state) in changes {
            for entry in entries {
                precondition(entry.shard == shard, "entry of \(entry.shard) appended to \(shard)")
                try Self.log.put(CompositeKey(shard.rawValue, entry.sequence), LogEntryCodec.encode(entry), in: batch)
                try Self.requests.put(CompositeKey(shard.rawValue, entry.request.client, entry.request.number),
                                      CompositeKey(entry.epoch.rawValue, entry.sequence).encodedKey, in: batch)
                try index(entry.payload, at: entry.sequence, of: shard.rawValue, in: batch)
            }
            try put(state, of: shard, in: batch)
        }
        try database.write(batch)
        for (shard, _, state) in changes {
            states[shard] = state
        }
    }

    /// Where the entities of an entry's payload find their events, and the key of an
    /// entity that wrote the entry itself.
    private func index(_ payload: [UInt8], at sequence: UInt64, of shard: UInt32, in batch: WriteBatch) throws {
        if let (kind, key) = EntityRecord.entity(inPayload: payload) {
            let entity = EntityRecord.entityHash(kind: kind, key: key)
            try Self.entityEvents.put(CompositeKey(shard, entity, sequence), [], in: batch)
            try Self.entityKeys.put(CompositeKey(shard, EntityRecord.kindHash(kind), entity), Array(key.utf8), in: batch)
            return
        }
        for entity in EntityPayload.entityHashes(in: payload) {
            try Self.entityEvents.put(CompositeKey(shard, entity, sequence), [], in: batch)
        }
    }

    /// The keys of the entities of `kind` that wrote events of their own to the shard.
    public func entityKeys(of shard: ShardID, kind: String) throws -> [String] {
        try Self.entityKeys.entries(withPrefix: CompositeKey(shard.rawValue, EntityRecord.kindHash(kind)), from: database)
            .map { String(decoding: $0.value, as: UTF8.self) }
    }

    /// Empties the shard's log for a whole-log install, keeping `promised`. Until the
    /// install completes the copy has no `logEpoch`, so nobody catches up from it.
    public func clear(_ shard: ShardID) throws {
        let batch = database.makeBatch()
        try deleteData(of: shard, in: batch)
        let cleared = ReplicaState(promised: state(of: shard).promised)
        try put(cleared, of: shard, in: batch)
        try database.write(batch)
        states[shard] = cleared
    }

    /// Forgets the shard's entries: this node no longer owns it. The promise stays,
    /// so no later takeover can reuse an epoch this node already saw.
    public func drop(_ shard: ShardID) throws {
        try clear(shard)
    }

    /// Up to `limit` entries from sequence `first` on, in order.
    public func entries(of shard: ShardID, from first: UInt64, limit: Int) throws -> [LogEntry] {
        try Self.log.entries(from: CompositeKey(shard.rawValue, first), to: CompositeKey(shard.rawValue, UInt64.max),
                             in: database, limit: limit)
            .map { try LogEntryCodec.decode(single: $0.value) }
    }

    /// The events of one entity in the shard's log, in log order.
    public func entityEvents(of shard: ShardID, kind: String, key: String) throws -> [[UInt8]] {
        let entity = EntityRecord.entityHash(kind: kind, key: key)
        let positions = try Self.entityEvents.entries(from: CompositeKey(shard.rawValue, entity, 0),
                                                      to: CompositeKey(shard.rawValue, entity, UInt64.max), in: database)
        return try positions.flatMap { position, _ in
            let (_, _, sequence) = position.components
            guard let bytes = try Self.log.get(CompositeKey(shard.rawValue, sequence), from: database) else { return [[UInt8]]() }
            return EntityPayload.events(of: kind, key: key, in: try LogEntryCodec.decode(single: bytes).payload)
        }
    }

    /// The entry of the write `request`, if it is in the shard's log.
    public func entry(for request: RequestID, in shard: ShardID) throws -> LogEntry? {
        guard let bytes = try Self.requests.get(CompositeKey(shard.rawValue, request.client, request.number), from: database)
        else { return nil }
        let position = try CompositeKey<UInt64, UInt64>(encodedKey: bytes)
        let (_, sequence) = position.components
        return try entries(of: shard, from: sequence, limit: 1).first
    }

    private func put(_ state: ReplicaState, of shard: ShardID, in batch: WriteBatch) throws {
        try Self.replicas.put(shard.rawValue, BinaryEncoder().encode(state), in: batch)
    }

    private func deleteData(of shard: ShardID, in batch: WriteBatch) throws {
        try batch.delete(.prefix(Self.log.rawKey(shard.rawValue)), in: .log)
        try batch.delete(.prefix(Self.requests.rawKey(shard.rawValue)), in: .state)
        try batch.delete(.prefix(Self.entityEvents.rawKey(shard.rawValue)), in: .state)
        try batch.delete(.prefix(Self.entityKeys.rawKey(shard.rawValue)), in: .state)
    }
}
