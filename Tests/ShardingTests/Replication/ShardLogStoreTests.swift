import Foundation
import Sharding
import Storage
import Testing
import Transport

@Suite struct ShardLogStoreTests {
    let origin = NodeIdentity(address: NodeAddress(host: "127.0.0.2", port: 7000), generation: 1)

    func entries(_ shard: ShardID, _ range: ClosedRange<UInt64>, epoch: ShardEpoch = ShardEpoch(1)) -> [LogEntry] {
        range.map { LogEntry(shard: shard, epoch: epoch, sequence: $0, origin: origin,
                             request: RequestID(client: 7, number: $0), payload: Array("write \($0)".utf8)) }
    }

    @Test func appendedEntriesAndStateSurviveReopening() throws {
        try withTemporaryDirectory { path in
            let shard = ShardID(5)
            let state = ReplicaState(promised: ShardEpoch(1), logEpoch: ShardEpoch(1), lastSequence: 3)
            do {
                let store = try ShardLogStore(database: try Database.open(at: path))
                try store.append(entries(shard, 1...3), to: shard, state: state)
                try store.append(entries(ShardID(6), 1...1), to: ShardID(6),
                                 state: ReplicaState(promised: ShardEpoch(2), logEpoch: ShardEpoch(2), lastSequence: 1))
            }
            let reopened = try ShardLogStore(database: try Database.open(at: path))
            #expect(reopened.shards == [ShardID(5), ShardID(6)])
            #expect(reopened.state(of: shard) == state)
            #expect(try reopened.entries(of: shard, from: 2, limit: 10) == Array(entries(shard, 2...3)))
            #expect(try reopened.entry(for: RequestID(client: 7, number: 2), in: shard)?.sequence == 2)
            #expect(try reopened.entry(for: RequestID(client: 7, number: 9), in: shard) == nil)
            // Shards do not see each other's entries or requests.
            #expect(try reopened.entries(of: ShardID(6), from: 1, limit: 10).count == 1)
            #expect(try reopened.entry(for: RequestID(client: 7, number: 2), in: ShardID(6)) == nil)
        }
    }

    @Test func clearingForgetsEntriesAndRequestsButKeepsThePromise() throws {
        try withTemporaryDirectory { path in
            let store = try ShardLogStore(database: try Database.open(at: path))
            let shard = ShardID(1)
            try store.append(entries(shard, 1...4), to: shard,
                             state: ReplicaState(promised: ShardEpoch(7), logEpoch: ShardEpoch(7), lastSequence: 4))
            try store.drop(shard)
            #expect(store.state(of: shard) == ReplicaState(promised: ShardEpoch(7)))
            #expect(try store.entries(of: shard, from: 1, limit: 10).isEmpty)
            #expect(try store.entry(for: RequestID(client: 7, number: 1), in: shard) == nil)
        }
    }
}

/// Runs `body` with a fresh directory path (not yet created) and removes it afterwards.
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let parent = FileManager.default.temporaryDirectory
        .appendingPathComponent("switchboard-sharding-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: parent) }
    return try body(parent.appendingPathComponent("db").path)
}
