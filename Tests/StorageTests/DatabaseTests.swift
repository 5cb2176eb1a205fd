import Foundation
import Storage
import Testing

@Suite struct DatabaseTests {
    @Test func putGetDeleteRoundTripAndSurviveReopen() throws {
        try withTemporaryDirectory { path in
            do {
                let database = try Database.open(at: path)
                try database.put([1, 2, 3], [0xAA, 0x00, 0xBB], in: .state)
                try database.put([], [7], in: .meta)
                try database.put([9], [], in: .log)
                #expect(try database.get([1, 2, 3], in: .state) == [0xAA, 0x00, 0xBB])
                #expect(try database.get([1, 2, 3], in: .log) == nil)
                #expect(try database.get([], in: .meta) == [7])
                #expect(try database.get([9], in: .log) == [])
                try database.delete([9], in: .log)
                #expect(try database.get([9], in: .log) == nil)
            }
            let reopened = try Database.open(at: path)
            #expect(try reopened.get([1, 2, 3], in: .state) == [0xAA, 0x00, 0xBB])
            #expect(try reopened.get([], in: .meta) == [7])
            #expect(try reopened.get([9], in: .log) == nil)
        }
    }

    @Test func opensFamiliesAlreadyOnDiskEvenWhenNotAsked() throws {
        try withTemporaryDirectory { path in
            do {
                let database = try Database.open(at: path)
                try database.put([1], [1], in: .reports)
            }
            let reopened = try Database.open(at: path, options: DatabaseOptions(columnFamilies: [.meta]))
            #expect(reopened.columnFamilies.contains(.reports))
            #expect(try reopened.get([1], in: .reports) == [1])
            #expect(throws: StorageError.unknownColumnFamily(name: "nope")) {
                try reopened.get([1], in: ColumnFamily("nope"))
            }
        }
    }

    @Test func typedKeyspacesShareAFamilyWithoutOverlap() throws {
        try withTemporaryDirectory { path in
            let database = try Database.open(at: path)
            let agents = Keyspace<String, String>("agents", in: .state)
            let queues = Keyspace<String, UInt64>("queues", in: .state)
            let batch = database.makeBatch()
            try agents.put("alice", "available", in: batch)
            try queues.put("alice", 42, in: batch)
            try database.write(batch)
            #expect(try agents.get("alice", from: database) == "available")
            #expect(try queues.get("alice", from: database) == 42)
            #expect(try agents.entries(from: nil, to: nil, in: database).map(\.key) == ["alice"])
            #expect(try queues.entries(from: nil, to: nil, in: database).map(\.value) == [42])
        }
    }

    @Test func prefixAndRangeIterationStopAtTheirBounds() throws {
        try withTemporaryDirectory { path in
            let database = try Database.open(at: path)
            let log = Keyspace<CompositeKey<UInt32, UInt64>, String>("log", in: .log)
            let neighbour = Keyspace<UInt64, String>("logz", in: .log)
            let batch = database.makeBatch()
            for shard in [UInt32(16), 17, 18] {
                for sequence in [UInt64(0), 1, 255, 256, .max] {
                    try log.put(CompositeKey(shard, sequence), "\(shard)/\(sequence)", in: batch)
                }
            }
            try neighbour.put(0, "other keyspace", in: batch)
            try database.write(batch)

            let shard17 = try log.entries(withPrefix: CompositeKey(UInt32(17)), from: database)
            #expect(shard17.map(\.value) == ["17/0", "17/1", "17/255", "17/256", "17/\(UInt64.max)"])

            let middle = try log.entries(
                from: CompositeKey(UInt32(17), UInt64(1)),
                to: CompositeKey(UInt32(17), UInt64(256)),
                in: database
            )
            #expect(middle.map(\.value) == ["17/1", "17/255"])

            let limited = try log.entries(withPrefix: CompositeKey(UInt32(18)), from: database, limit: 2)
            #expect(limited.map(\.value) == ["18/0", "18/1"])

            let all = try log.entries(from: nil, to: nil, in: database)
            #expect(all.count == 15)
            #expect(all.first?.value == "16/0")
            #expect(all.last?.value == "18/\(UInt64.max)")

            let raw = try database.scan(in: .log, range: .prefix(log.prefix))
            #expect(raw.count == 15)
            #expect(try database.scan(in: .log, range: .all).count == 16)
        }
    }

    @Test func batchIsAtomicAcrossColumnFamilies() throws {
        try withTemporaryDirectory { path in
            do {
                let database = try Database.open(at: path)
                let batch = database.makeBatch()
                try batch.put([1], [1], in: .state)
                try batch.put([1], [2], in: .log)
                try batch.put([1], [3], in: .meta)
                try batch.delete([1], in: .reports)
                #expect(batch.count == 4)
                let before = database.snapshot()
                try database.write(batch)
                #expect(try before.get([1], in: .state) == nil)
                #expect(try before.get([1], in: .log) == nil)
                #expect(try database.get([1], in: .state) == [1])
                #expect(try database.get([1], in: .log) == [2])
                #expect(try database.get([1], in: .meta) == [3])

                let other = try Database.open(at: path + "-other")
                #expect(throws: StorageError.self) { try other.write(batch) }
            }
            let reopened = try Database.open(at: path)
            #expect(try reopened.get([1], in: .log) == [2])
        }
    }

    @Test func rangeDeletionRemovesOnlyTheRange() throws {
        try withTemporaryDirectory { path in
            let database = try Database.open(at: path)
            for key in UInt64(0)..<10 {
                try database.put(key.encodedKey, [1], in: .state)
            }
            let batch = database.makeBatch()
            try batch.delete(KeyRange(from: UInt64(3).encodedKey, to: UInt64(7).encodedKey), in: .state)
            try database.write(batch)
            let left = try database.scan(in: .state, range: .all).map { try UInt64(encodedKey: $0.key) }
            #expect(left == [0, 1, 2, 7, 8, 9])
            #expect(throws: StorageError.self) { try batch.delete(KeyRange(from: [1], to: nil), in: .state) }
        }
    }

    @Test func snapshotDoesNotSeeLaterWrites() throws {
        try withTemporaryDirectory { path in
            let database = try Database.open(at: path)
            let keyspace = Keyspace<UInt64, String>("k", in: .state)
            let batch = database.makeBatch()
            try keyspace.put(1, "old", in: batch)
            try keyspace.put(2, "old", in: batch)
            try database.write(batch)

            let snapshot = database.snapshot()
            let cursor = try snapshot.cursor(in: .state, range: .all)
            batch.clear()
            try keyspace.put(1, "new", in: batch)
            try keyspace.delete(2, in: batch)
            try keyspace.put(3, "new", in: batch)
            try database.write(batch)

            #expect(try keyspace.get(1, from: snapshot) == "old")
            #expect(try keyspace.get(2, from: snapshot) == "old")
            #expect(try keyspace.get(3, from: snapshot) == nil)
            #expect(try keyspace.entries(from: nil, to: nil, in: snapshot).map(\.value) == ["old", "old"])
            var seen: [[UInt8]] = []
            while let entry = try cursor.next() {
                seen.append(entry.value)
            }
            #expect(seen == [Array("old".utf8), Array("old".utf8)])

            #expect(try keyspace.get(1, from: database) == "new")
            #expect(try keyspace.get(2, from: database) == nil)
            #expect(try keyspace.entries(from: nil, to: nil, in: database).map(\.key) == [1, 3])
        }
    }

    @Test func checkpointOpensAsADatabaseWithTheSameData() throws {
        try withTemporaryDirectory { path in
            let checkpointPath = path + "-checkpoint"
            defer { try? FileManager.default.removeItem(atPath: checkpointPath) }
            let database = try Database.open(at: path)
            let keyspace = Keyspace<UInt64, UInt64>("counter", in: .state)
            let batch = database.makeBatch()
            for key in UInt64(0)..<500 {
                try keyspace.put(key, key * key, in: batch)
            }
            try batch.put([1], [2], in: .log)
            try database.write(batch)
            try database.checkpoint(to: checkpointPath)
            try database.put([1], [3], in: .log)

            let copy = try Database.open(at: checkpointPath)
            let entries = try keyspace.entries(from: nil, to: nil, in: copy)
            #expect(entries.count == 500)
            #expect(entries.allSatisfy { $0.value == $0.key * $0.key })
            #expect(try copy.get([1], in: .log) == [2])

            #expect(throws: StorageError.self) { try database.checkpoint(to: checkpointPath) }
        }
    }

    @Test func groupCommitWritesAreReadableAndDurableAfterReopen() throws {
        try withTemporaryDirectory { path in
            do {
                let database = try Database.open(
                    at: path,
                    options: DatabaseOptions(syncPolicy: .groupCommit(interval: .milliseconds(2)))
                )
                for key in UInt64(0)..<100 {
                    try database.put(key.encodedKey, key.storedBytes, in: .state)
                }
                Thread.sleep(forTimeInterval: 0.02)
                try database.syncWAL()
            }
            let reopened = try Database.open(at: path)
            #expect(try reopened.scan(in: .state, range: .all).count == 100)
        }
    }

    @Test(arguments: [Duration.zero, .seconds(11)])
    func groupCommitIntervalIsBounded(interval: Duration) throws {
        try withTemporaryDirectory { path in
            #expect(throws: StorageError.self) {
                try Database.open(at: path, options: DatabaseOptions(syncPolicy: .groupCommit(interval: interval)))
            }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func compressionOptionsOpen() throws {
        for compression in [DatabaseOptions.Compression.none, .lz4, .zstd] {
            try withTemporaryDirectory { path in
                let database = try Database.open(at: path, options: DatabaseOptions(compression: compression))
                try database.put([1], Array(repeating: 7, count: 4096), in: .state)
                try database.checkpoint(to: path + "-flushed")
                try FileManager.default.removeItem(atPath: path + "-flushed")
                #expect(try database.get([1], in: .state)?.count == 4096)
            }
        }
    }
}
