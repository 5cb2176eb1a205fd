import ArgumentParser
import SeededRandom
import Foundation
import Storage

/// `switchboard bench store`: batched writes and random point reads through our Swift binding,
/// then the same workload through RocksDB's own `db_bench`, in one run, and the overhead.
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Storage write/read throughput against RocksDB's db_bench (use a release build)."
    )

    @Option(help: "Keys written (random, with repeats, from 0..<keys, like db_bench fillrandom).")
    var keys = 1_000_000

    @Option(help: "Random point reads (default: as many as keys).")
    var reads: Int?

    @Option(help: "Entries per write batch.")
    var batchSize = 100

    @Option(help: "Value size in bytes.")
    var valueSize = 100

    @Flag(help: "Sync every batch (db_bench --sync=1) instead of group commit (db_bench --sync=0).")
    var syncEveryBatch = false

    @Option(help: "Group-commit WAL sync interval in milliseconds.")
    var groupCommitMs = 10

    @Option(help: "Rounds; each runs ours then db_bench, and the medians are reported.")
    var rounds = 3

    @Option(help: "Path to db_bench.")
    var dbBench = "/usr/bin/db_bench"

    @Option(help: "Seed for key choice.")
    var seed: UInt64 = 1

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard keys > 0, batchSize > 0, valueSize > 0, rounds > 0, (reads ?? 1) >= 0 else {
            throw ValidationError("--keys, --batch-size, --value-size and --rounds must be positive")
        }
    }

    func run() throws {
        guard FileManager.default.isExecutableFile(atPath: dbBench) else {
            throw ValidationError(
                "db_bench not found at \(dbBench); install it with: apt-get install -y rocksdb-tools"
            )
        }
        let workload = StoreBenchWorkload(
            keys: keys,
            reads: reads ?? keys,
            batchSize: batchSize,
            valueSize: valueSize,
            syncPolicy: syncEveryBatch ? .everyBatch : .groupCommit(interval: .milliseconds(groupCommitMs)),
            seed: seed
        )
        let workDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-bench-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }

        var ours: [StoreBenchRates] = []
        var theirs: [StoreBenchRates] = []
        for round in 0..<rounds {
            ours.append(try workload.runSwift(directory: "\(workDirectory)/swift-\(round)"))
            try? FileManager.default.removeItem(atPath: "\(workDirectory)/swift-\(round)")
            theirs.append(try workload.runDBBench(dbBench, directory: "\(workDirectory)/db_bench-\(round)"))
            try? FileManager.default.removeItem(atPath: "\(workDirectory)/db_bench-\(round)")
        }
        let report = StoreBenchReport(workload: workload, ours: ours, dbBench: theirs)
        print(json ? try report.json() : report.table())
    }
}

/// Throughput of one run: entries written per second and point reads per second.
struct StoreBenchRates: Encodable {
    var writesPerSecond: Double
    var readsPerSecond: Double

    enum CodingKeys: String, CodingKey {
        case writesPerSecond = "writes_per_s"
        case readsPerSecond = "reads_per_s"
    }

    static func median(of runs: [StoreBenchRates]) -> StoreBenchRates {
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
        return StoreBenchRates(
            writesPerSecond: median(runs.map(\.writesPerSecond)),
            readsPerSecond: median(runs.map(\.readsPerSecond))
        )
    }
}

/// The workload both sides run: db_bench's `fillrandom` then `readrandom`, with its 16-byte
/// keys (8-byte big-endian key number padded with '0'), no compression, WAL on, and the same
/// per-write sync setting.
struct StoreBenchWorkload {
    static let keySize = 16

    var keys: Int
    var reads: Int
    var batchSize: Int
    var valueSize: Int
    var syncPolicy: SyncPolicy
    var seed: UInt64

    var syncsEveryWrite: Bool { syncPolicy == .everyBatch }

    var dbBenchArguments: [String] {
        [
            "--benchmarks=fillrandom,readrandom",
            "--num=\(keys)",
            "--reads=\(reads)",
            "--batch_size=\(batchSize)",
            "--value_size=\(valueSize)",
            "--key_size=\(Self.keySize)",
            "--compression_type=none",
            "--threads=1",
            "--sync=\(syncsEveryWrite ? 1 : 0)",
            "--disable_wal=0",
            // Match RocksDB's defaults, which our Database uses, where db_bench's flags differ.
            "--table_cache_numshardbits=6",
            "--seed=\(seed)",
        ]
    }

    /// db_bench's key for key number `number`.
    static func key(_ number: UInt64) -> [UInt8] {
        var encoder = KeyEncoder(reservingCapacity: keySize)
        encoder.append(bigEndian: number)
        encoder.append(raw: repeatElement(UInt8(ascii: "0"), count: keySize - 8))
        return encoder.bytes
    }

    func runSwift(directory: String) throws -> StoreBenchRates {
        let database = try Database.open(
            at: directory,
            options: DatabaseOptions(syncPolicy: syncPolicy, compression: .none, columnFamilies: [.state])
        )
        var random = SplitMix64(seed: seed)
        // Distinct value contents without allocating one per write, as db_bench slices its buffer.
        let values = (0..<1024).map { _ in (0..<valueSize).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
        let clock = ContinuousClock()

        let batch = database.makeBatch()
        var written = 0
        let writeTime = try clock.measure {
            while written < keys {
                batch.clear()
                let count = min(batchSize, keys - written)
                for index in 0..<count {
                    let key = Self.key(random.next() % UInt64(keys))
                    try batch.put(key, values[(written + index) & 1023], in: .state)
                }
                try database.write(batch)
                written += count
            }
        }

        var found = 0
        let readTime = try clock.measure {
            for _ in 0..<reads where try database.get(Self.key(random.next() % UInt64(keys)), in: .state) != nil {
                found += 1
            }
        }
        return StoreBenchRates(
            writesPerSecond: Double(keys) / writeTime.seconds,
            readsPerSecond: Double(reads) / readTime.seconds
        )
    }

    func runDBBench(_ executable: String, directory: String) throws -> StoreBenchRates {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = dbBenchArguments + ["--db=\(directory)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let rates = DBBenchOutput.opsPerSecond(in: text)
        guard process.terminationStatus == 0, let writes = rates["fillrandom"], let reads = rates["readrandom"] else {
            throw ValidationError("db_bench failed (status \(process.terminationStatus)):\n\(text)")
        }
        return StoreBenchRates(writesPerSecond: writes, readsPerSecond: reads)
    }
}

/// Reads db_bench's result lines, e.g.
/// `fillrandom   :       2.345 micros/op 426439 ops/sec 2.345 seconds 1000000 operations; 47.2 MB/s`.
/// With `--batch_size`, an op is one entry, not one batch.
enum DBBenchOutput {
    static func opsPerSecond(in text: String) -> [String: Double] {
        var rates: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count > 5, fields[1] == ":", fields[3] == "micros/op", fields[5] == "ops/sec",
                  let rate = Double(fields[4])
            else { continue }
            rates[String(fields[0])] = rate
        }
        return rates
    }
}

/// The figures `bench store` reports.
struct StoreBenchReport: Encodable {
    let writesPerSecond: Double
    let readsPerSecond: Double
    let dbBenchWritesPerSecond: Double
    let dbBenchReadsPerSecond: Double
    /// (db_bench − ours) / db_bench × 100 for writes; negative when ours is faster.
    let overheadPercent: Double
    let readOverheadPercent: Double
    let keys: Int
    let reads: Int
    let batchSize: Int
    let valueSize: Int
    let keySize: Int
    let sync: String
    let dbBenchArguments: [String]
    /// Every round, to show the spread behind the medians.
    let oursRounds: [StoreBenchRates]
    let dbBenchRounds: [StoreBenchRates]

    enum CodingKeys: String, CodingKey {
        case writesPerSecond = "writes_per_s"
        case readsPerSecond = "reads_per_s"
        case dbBenchWritesPerSecond = "db_bench_writes_per_s"
        case dbBenchReadsPerSecond = "db_bench_reads_per_s"
        case overheadPercent = "overhead_pct"
        case readOverheadPercent = "read_overhead_pct"
        case keys, reads
        case batchSize = "batch_size"
        case valueSize = "value_size"
        case keySize = "key_size"
        case sync
        case dbBenchArguments = "db_bench_args"
        case oursRounds = "rounds"
        case dbBenchRounds = "db_bench_rounds"
    }

    /// Medians over the rounds.
    init(workload: StoreBenchWorkload, ours oursRounds: [StoreBenchRates], dbBench dbBenchRounds: [StoreBenchRates]) {
        let rounded = { (rates: StoreBenchRates) in
            StoreBenchRates(writesPerSecond: rates.writesPerSecond.rounded(), readsPerSecond: rates.readsPerSecond.rounded())
        }
        self.oursRounds = oursRounds.map(rounded)
        self.dbBenchRounds = dbBenchRounds.map(rounded)
        let ours = StoreBenchRates.median(of: oursRounds)
        let dbBench = StoreBenchRates.median(of: dbBenchRounds)
        writesPerSecond = ours.writesPerSecond.rounded()
        readsPerSecond = ours.readsPerSecond.rounded()
        dbBenchWritesPerSecond = dbBench.writesPerSecond.rounded()
        dbBenchReadsPerSecond = dbBench.readsPerSecond.rounded()
        overheadPercent = Self.overhead(ours: ours.writesPerSecond, reference: dbBench.writesPerSecond)
        readOverheadPercent = Self.overhead(ours: ours.readsPerSecond, reference: dbBench.readsPerSecond)
        keys = workload.keys
        reads = workload.reads
        batchSize = workload.batchSize
        valueSize = workload.valueSize
        keySize = StoreBenchWorkload.keySize
        sync = switch workload.syncPolicy {
        case .everyBatch: "every batch (db_bench --sync=1)"
        case .groupCommit(let interval): "group commit every \(interval) (db_bench --sync=0)"
        }
        dbBenchArguments = workload.dbBenchArguments
    }

    static func overhead(ours: Double, reference: Double) -> Double {
        ((reference - ours) / reference * 1000).rounded() / 10
    }

    func json() throws -> String {
        try JSONText.encode(self)
    }

    func table() -> String {
        func row(_ name: String, _ ours: Double, _ theirs: Double, _ overhead: Double) -> String {
            name.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(format: "%14.0f %14.0f %11.1f%%", ours, theirs, overhead)
        }
        let rounds = zip(oursRounds, dbBenchRounds).enumerated().map { index, pair in
            String(
                format: "  round %d: writes/s %.0f vs %.0f, reads/s %.0f vs %.0f",
                index + 1, pair.0.writesPerSecond, pair.1.writesPerSecond,
                pair.0.readsPerSecond, pair.1.readsPerSecond
            )
        }
        return """
            bench store: \(keys) keys of \(keySize) B, values of \(valueSize) B, batches of \(batchSize), \
            \(reads) reads, no compression, WAL on, sync: \(sync)
            \("median of \(oursRounds.count)".padding(toLength: 10, withPad: " ", startingAt: 0))\
            \("switchboard".leftPadded(14)) \("db_bench".leftPadded(14)) \("overhead".leftPadded(12))
            \(row("writes/s", writesPerSecond, dbBenchWritesPerSecond, overheadPercent))
            \(row("reads/s", readsPerSecond, dbBenchReadsPerSecond, readOverheadPercent))

            """ + rounds.joined(separator: "\n")
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
