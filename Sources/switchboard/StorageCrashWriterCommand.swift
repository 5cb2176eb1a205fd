import ArgumentParser
import SeededRandom
import Foundation
import Storage

/// The child process of the storage crash test (`Tests/StorageTests/CrashTests.swift`): writes
/// numbered batches with the "sync every batch" policy and prints `ack N` once batch N's write
/// has returned. The test SIGKILLs it at a random moment and checks the directory.
///
/// Batch N, for a given seed, holds `2 + mix(seed, N) % 4` entries in `state` under
/// `"crash-state"/(N, i)`, each value N (8 bytes, big-endian) followed by `64 + mix(seed, N, i) % 2048`
/// bytes of `mix(seed, N, i)`; one entry `"crash-log"/N` in `log` whose value is the entry count;
/// and `"crash-last"` in `meta` set to N. The test derives the same layout on its own.
struct StorageCrashWriterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage-crash-writer",
        abstract: "Write acknowledged batches until killed (storage crash test).",
        shouldDisplay: false
    )

    @Option(help: "Data directory.")
    var dir: String

    @Option(help: "Seed for the batch contents.")
    var seed: UInt64

    @Option(help: "Stop after this many batches (default: run until killed).")
    var batches: UInt64?

    func run() throws {
        do {
            try writeBatches()
        } catch {
            FileHandle.standardError.write(Data("switchboard: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func writeBatches() throws(StorageError) {
        let database = try Database.open(at: dir, options: DatabaseOptions(syncPolicy: .everyBatch))
        let state = Keyspace<CompositeKey<UInt64, UInt32>, [UInt8]>("crash-state", in: .state)
        let log = Keyspace<UInt64, UInt64>("crash-log", in: .log)
        let meta = Keyspace<String, UInt64>("crash-last", in: .meta)
        let first = (try meta.get("last", from: database) ?? 0) + 1
        let last = batches.map { first + $0 - 1 } ?? .max
        let batch = database.makeBatch()
        for number in first...last {
            batch.clear()
            let count = 2 + UInt32(SplitMix64.mix(seed, number) % 4)
            for index in 0..<count {
                let word = SplitMix64.mix(seed, number, UInt64(index))
                let filler = [UInt8](repeating: UInt8(truncatingIfNeeded: word), count: 64 + Int(word % 2048))
                try state.put(CompositeKey(number, index), number.storedBytes + filler, in: batch)
            }
            try log.put(number, UInt64(count), in: batch)
            try meta.put("last", number, in: batch)
            try database.write(batch)
            // Unbuffered: the line reaches the pipe before the next batch starts.
            FileHandle.standardOutput.write(Data("ack \(number)\n".utf8))
        }
    }
}
