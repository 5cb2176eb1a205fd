import Foundation
import Storage
import SeededRandom
import Testing

/// Batch layout of `switchboard storage-crash-writer`, derived here independently so that the
/// check does not trust the writer's own code: batch N holds `entryCount(N)` entries in `state`,
/// one `log` entry with that count, and `meta` "last" = N.
struct CrashBatchLayout {
    let seed: UInt64

    static let state = Keyspace<CompositeKey<UInt64, UInt32>, [UInt8]>("crash-state", in: .state)
    static let log = Keyspace<UInt64, UInt64>("crash-log", in: .log)
    static let meta = Keyspace<String, UInt64>("crash-last", in: .meta)

    func entryCount(_ batch: UInt64) -> UInt32 {
        2 + UInt32(SplitMix64.mix(seed, batch) % 4)
    }

    func value(_ batch: UInt64, _ index: UInt32) -> [UInt8] {
        let word = SplitMix64.mix(seed, batch, UInt64(index))
        return batch.encodedKey + [UInt8](repeating: UInt8(truncatingIfNeeded: word), count: 64 + Int(word % 2048))
    }

    /// Checks the directory after a crash: batches 1...last present and whole, nothing of any
    /// other batch present, every acknowledged batch present. Returns the last batch number.
    @discardableResult
    func verify(at path: String, acknowledged: Set<UInt64>) throws -> UInt64 {
        let database = try Database.open(at: path)
        let logged = try Self.log.entries(from: nil, to: nil, in: database)
        let last = UInt64(logged.count)
        #expect(logged.map(\.key) == Array(1...max(last, 1)).prefix(logged.count).map { $0 }, "batches not contiguous")
        for (batch, count) in logged {
            #expect(count == UInt64(entryCount(batch)), "batch \(batch) logged \(count) entries")
        }

        var stateByBatch: [UInt64: [(UInt32, [UInt8])]] = [:]
        for (key, value) in try Self.state.entries(from: nil, to: nil, in: database) {
            stateByBatch[key.components.0, default: []].append((key.components.1, value))
        }
        #expect(Set(stateByBatch.keys) == Set(logged.map(\.key)), "state and log disagree: half-written batch")
        for (batch, entries) in stateByBatch {
            #expect(entries.map(\.0) == Array(0..<entryCount(batch)), "batch \(batch) has entries \(entries.map(\.0))")
            for (index, value) in entries where value != self.value(batch, index) {
                Issue.record("batch \(batch) entry \(index) has the wrong value")
            }
        }

        #expect(try Self.meta.get("last", from: database) == (last == 0 ? nil : last))
        let lost = acknowledged.filter { $0 > last }.sorted()
        #expect(lost.isEmpty, "acknowledged batches lost: \(lost)")
        #expect(last <= (acknowledged.max() ?? 0) + 1, "more than one unacknowledged batch present")
        return last
    }
}

@Suite struct CrashTests {
    /// Each seed runs six SIGKILL cycles on one data directory: 24 cycles in all.
    @Test(.timeLimit(.minutes(1)), arguments: [11, 23, 37, 41] as [UInt64])
    func acknowledgedBatchesSurviveSIGKILL(seed: UInt64) throws {
        let executable = try #require(switchboardExecutable(), "switchboard binary not built next to the tests")
        var random = SplitMix64(seed: seed)
        let layout = CrashBatchLayout(seed: seed)
        try withTemporaryDirectory { path in
            var acknowledged: Set<UInt64> = []
            var signalled = 0
            for _ in 0..<6 {
                let deadline = ContinuousClock.now + .seconds(20)
                let child = try ChildProcess(
                    executable: executable,
                    arguments: ["storage-crash-writer", "--dir", path, "--seed", "\(seed)"]
                )
                let acksBeforeKill = Int(random.next() % 12)
                var acksSeen = 0
                while acksSeen < acksBeforeKill, let line = try child.readLine(before: deadline) {
                    acknowledged.insert(try Self.parseAck(line))
                    acksSeen += 1
                }
                usleep(UInt32(random.next() % 3_000))
                child.sendKill()
                // Lines already in the pipe were printed after their batch returned: acknowledged.
                while let line = try child.readLine(before: deadline) {
                    acknowledged.insert(try Self.parseAck(line))
                }
                let exit = try child.waitForExit(before: deadline)
                #expect(exit == .signalled(SIGKILL), "writer ended by itself: \(child.errorOutput())")
                if exit == .signalled(SIGKILL) { signalled += 1 }
                try layout.verify(at: path, acknowledged: acknowledged)
            }
            #expect(signalled == 6)
            #expect(acknowledged.count >= 6, "too few batches acknowledged to mean anything")
        }
    }

    @Test func runsToCompletionWithoutAKill() throws {
        let executable = try #require(switchboardExecutable())
        try withTemporaryDirectory { path in
            let deadline = ContinuousClock.now + .seconds(20)
            let child = try ChildProcess(
                executable: executable,
                arguments: ["storage-crash-writer", "--dir", path, "--seed", "5", "--batches", "20"]
            )
            var acknowledged: [UInt64] = []
            while let line = try child.readLine(before: deadline) {
                acknowledged.append(try Self.parseAck(line))
            }
            #expect(try child.waitForExit(before: deadline) == .exited(0))
            #expect(acknowledged == Array(1...20))
            #expect(try CrashBatchLayout(seed: 5).verify(at: path, acknowledged: Set(acknowledged)) == 20)
        }
    }

    @Test func secondProcessIsRefusedWhileTheDataDirIsOpen() throws {
        let executable = try #require(switchboardExecutable())
        try withTemporaryDirectory { path in
            let database = try Database.open(at: path)
            let deadline = ContinuousClock.now + .seconds(20)
            let child = try ChildProcess(
                executable: executable,
                arguments: ["storage-crash-writer", "--dir", path, "--seed", "1", "--batches", "1"]
            )
            #expect(try child.readLine(before: deadline) == nil)
            #expect(try child.waitForExit(before: deadline) == .exited(1))
            #expect(child.errorOutput().contains("data dir \(path) is in use by another node"))
            #expect(try CrashBatchLayout.meta.get("last", from: database) == nil)
        }
    }

    @Test func openingWhileAnotherProcessHoldsTheDataDirIsDataDirInUse() throws {
        let executable = try #require(switchboardExecutable())
        try withTemporaryDirectory { path in
            let deadline = ContinuousClock.now + .seconds(20)
            let child = try ChildProcess(
                executable: executable,
                arguments: ["storage-crash-writer", "--dir", path, "--seed", "1"]
            )
            #expect(try child.readLine(before: deadline) == "ack 1")
            #expect(throws: StorageError.dataDirInUse(path: path)) { try Database.open(at: path) }
            child.sendKill()
            #expect(try child.waitForExit(before: deadline) == .signalled(SIGKILL))
            #expect(try Database.open(at: path).get(UInt64(1).encodedKey, in: .state) == nil)
        }
    }

    private static func parseAck(_ line: String) throws -> UInt64 {
        let fields = line.split(separator: " ")
        return try #require(fields.count == 2 && fields[0] == "ack" ? UInt64(fields[1]) : nil, "bad line \(line)")
    }
}
