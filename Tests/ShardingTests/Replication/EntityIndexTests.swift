import Storage
import Testing
import Transport
@testable import Sharding

/// An entity is activated from its own events, found through the entity index rather
/// than by reading the whole log of its shard.
@Suite struct EntityIndexTests {
    let origin = NodeIdentity(address: NodeAddress(host: "127.0.0.2", port: 7000), generation: 1)

    private func entry(_ shard: ShardID, _ sequence: UInt64, _ payload: [UInt8]) -> LogEntry {
        LogEntry(shard: shard, epoch: ShardEpoch(1), sequence: sequence, origin: origin,
                 request: RequestID(client: 9, number: sequence), payload: payload)
    }

    private func event(_ kind: String, _ key: String, _ byte: UInt8) -> [UInt8] {
        EntityRecord(kind: kind, key: key, event: [byte]).payload
    }

    @Test func eachEntityReadsItsOwnEventsInLogOrder() throws {
        try withTemporaryDirectory { path in
            let shard = ShardID(3)
            let log = [
                entry(shard, 1, event("session", "1/42", 1)),
                entry(shard, 2, Array("a plain write".utf8)),
                entry(shard, 3, event("session", "1/43", 7)),
                entry(shard, 4, event("routing-domain", "1/42", 9)),
                entry(shard, 5, event("session", "1/42", 2)),
            ]
            let state = ReplicaState(promised: ShardEpoch(1), logEpoch: ShardEpoch(1), lastSequence: 5)
            do {
                let store = try ShardLogStore(database: try Database.open(at: path))
                try store.append(Array(log.prefix(3)), to: shard, state: state)
                try store.append(Array(log.dropFirst(3)), to: shard, state: state)
                #expect(try store.entityEvents(of: shard, kind: "session", key: "1/42") == [[1], [2]])
            }
            let reopened = try ShardLogStore(database: try Database.open(at: path))
            #expect(try reopened.entityEvents(of: shard, kind: "session", key: "1/42") == [[1], [2]])
            #expect(try reopened.entityEvents(of: shard, kind: "session", key: "1/43") == [[7]])
            // Same key, other kind: kept apart.
            #expect(try reopened.entityEvents(of: shard, kind: "routing-domain", key: "1/42") == [[9]])
            #expect(try reopened.entityEvents(of: ShardID(4), kind: "session", key: "1/42").isEmpty)
            try reopened.drop(shard)
            #expect(try reopened.entityEvents(of: shard, kind: "session", key: "1/42").isEmpty)
        }
    }

    /// What a new primary wakes: the entities of a kind that wrote events of their own
    /// in the shard, each once; not those that only received projected events.
    @Test func eachShardListsTheEntitiesThatWroteToItByKind() throws {
        try withTemporaryDirectory { path in
            let shard = ShardID(3)
            let projected = ProjectedEvents([EntityRecord(kind: "session", key: "1/9", event: [4]),
                                             EntityRecord(kind: "routing-domain", key: "1/8", event: [5])]).payload
            let log = [
                entry(shard, 1, event("routing-domain", "1/1", 1)),
                entry(shard, 2, event("session", "1/42", 2)),
                entry(shard, 3, event("routing-domain", "1/2", 3)),
                entry(shard, 4, event("routing-domain", "1/1", 4)),
                entry(shard, 5, projected),
                entry(shard, 6, Array("a plain write".utf8)),
            ]
            let state = ReplicaState(promised: ShardEpoch(1), logEpoch: ShardEpoch(1), lastSequence: 6)
            let store = try ShardLogStore(database: try Database.open(at: path))
            try store.append(log, to: shard, state: state)
            let domains = try store.entityKeys(of: shard, kind: "routing-domain")
            #expect(domains.count == 2)
            #expect(Set(domains) == ["1/1", "1/2"])
            #expect(try store.entityKeys(of: shard, kind: "session") == ["1/42"])
            #expect(try store.entityKeys(of: ShardID(4), kind: "routing-domain").isEmpty)
            try store.drop(shard)
            #expect(try store.entityKeys(of: shard, kind: "routing-domain").isEmpty)
        }
    }

    @Test func theHashIsStableAcrossRunsAndSeparatesKindFromKey() {
        // Persisted in keys: a change here would orphan every index on disk.
        // FNV-1a 64 of "session\u{0}1/42", finalized (computed independently).
        #expect(EntityRecord.entityHash(kind: "session", key: "1/42") == 0xF524_1ED0_4CBD_FEEB)
        #expect(EntityRecord.entityHash(kind: "ab", key: "c") != EntityRecord.entityHash(kind: "a", key: "bc"))
        #expect(EntityRecord.entityHash(inPayload: EntityRecord(kind: "k", key: "x", event: [1, 2]).payload)
            == EntityRecord.entityHash(kind: "k", key: "x"))
        #expect(EntityRecord.entityHash(inPayload: Array("plain".utf8)) == nil)
    }
}
