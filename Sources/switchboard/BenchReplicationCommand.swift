import ArgumentParser
import Foundation
import NodeRuntime
import Sharding

/// `switchboard bench replication`: replicated log throughput of a three-node
/// loopback cluster (and the primary-only figure beside it), then failover time over
/// repeated SIGKILL/restart cycles under load, and an audit of every acknowledged
/// write against the logs read from the nodes' data directories.
struct BenchReplicationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replication",
        abstract: "Replicated log entries/s, failover time after SIGKILL, and lost writes, on a 3-node local cluster."
    )

    @Option(help: "Concurrent writers, each issuing one write at a time.")
    var writers = 1024

    @Option(help: "Seconds of load for each throughput figure.")
    var seconds = 10

    @Option(help: "SIGKILL/restart cycles for the failover figures (0 skips them).")
    var kills = 20

    @Option(help: "SWIM probe interval in milliseconds.")
    var probeIntervalMs = 500

    @Option(help: "Bytes per write.")
    var payloadBytes = 64

    @Option(help: "Seed for the writers' shard choices.")
    var seed: UInt64 = 1

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard (1...4096).contains(writers) else { throw ValidationError("--writers must be in 1...4096") }
        guard (1...3600).contains(seconds) else { throw ValidationError("--seconds must be in 1...3600") }
        guard (0...1000).contains(kills) else { throw ValidationError("--kills must be in 0...1000") }
        guard (50...10_000).contains(probeIntervalMs) else { throw ValidationError("--probe-interval-ms must be in 50...10000") }
        guard (0...65_536).contains(payloadBytes) else { throw ValidationError("--payload-bytes must be in 0...65536") }
    }

    func run() async throws {
        let executable = URL(fileURLWithPath: CommandLine.executablePath)
        let primaryOnly = try await LocalCluster.with(nodes: 3, executable: executable, probeIntervalMs: probeIntervalMs,
                                                      pingTimeoutMs: probeIntervalMs / 2,
                                                      acknowledgement: .primaryOnly) { cluster in
            try await throughput(cluster, label: "primary-only")
        }
        let report = try await LocalCluster.with(nodes: 3, executable: executable, probeIntervalMs: probeIntervalMs,
                                                 pingTimeoutMs: probeIntervalMs / 2) { cluster in
            var report = ReplicationReport(writers: writers, payloadBytes: payloadBytes)
            report.primaryOnlyEntriesPerSecond = primaryOnly.rate
            let replicated = try await throughput(cluster, label: "replicated")
            report.entriesPerSecond = replicated.rate
            var records = replicated.records
            if kills > 0 {
                let failover = try await failovers(cluster)
                report.failovers = failover.durations
                records += failover.records
            }
            for node in cluster.names { await cluster.stop(node) }
            let copies = try cluster.names.flatMap { try cluster.shardCopies(of: $0) }
            report.audit = ReplicationAudit(records: records, copies: copies)
            return report
        }
        StandardOutput.line(json ? try report.json() : report.table())
    }

    private func converge(_ cluster: LocalCluster) async throws {
        let patience = Duration.milliseconds(probeIntervalMs) * 60
        guard await cluster.waitUntil(timeout: patience, {
            await cluster.allSee(cluster.names, as: .alive, from: cluster.names)
        }) != nil else {
            throw ValidationError("the local cluster did not converge within \(patience)\n\(cluster.recentLogs())")
        }
        guard await cluster.waitUntil(timeout: patience, {
            await cluster.allShardsServing(among: cluster.names, shardCount: .standard)
        }) != nil else {
            throw ValidationError("not every shard found a primary within \(patience)\n\(cluster.recentLogs())")
        }
        // Keep-majority counts a restarted node again only once the view has been
        // stable (docs/membership.md): the next kill waits for that, as an operator
        // would wait for `ctl members` to show the full agreed set.
        guard await cluster.waitUntil(timeout: patience, {
            for node in cluster.names where await cluster.status(of: node)?.agreedMembers != cluster.names.count {
                return false
            }
            return true
        }) != nil else {
            throw ValidationError("the nodes did not agree on all members within \(patience)\n\(cluster.recentLogs())")
        }
    }

    private func load(_ cluster: LocalCluster) -> WriteLoad {
        WriteLoad(client: ShardClient(system: cluster.client, entryPoints: cluster.names.compactMap { cluster.addresses[$0] }),
                  shardCount: .standard)
    }

    /// Acknowledged writes per second over `seconds`, after a one-second warm-up.
    private func throughput(_ cluster: LocalCluster, label: String) async throws -> (rate: Double, records: [WriteRecord]) {
        try cluster.startAll()
        try await converge(cluster)
        let load = load(cluster)
        let running = Task { await load.run(writers: writers, seed: seed, payloadBytes: payloadBytes) }
        try await Task.sleep(for: .seconds(1))
        let before = load.records.count
        let started = ContinuousClock.now
        try await Task.sleep(for: .seconds(seconds))
        let acknowledged = load.records.count - before
        let elapsed = (ContinuousClock.now - started) / .seconds(1)
        load.stop()
        await running.value
        let rate = Double(acknowledged) / elapsed
        if !json { StandardOutput.line(String(format: "%@: %.0f acknowledged entries/s", label, rate)) }
        return (rate, load.records)
    }

    /// Kills each node in turn under a light load; for every shard the victim was
    /// primary of, the time from the first member declaring the victim dead to the
    /// shard's next acknowledged write.
    private func failovers(_ cluster: LocalCluster) async throws -> (durations: [Duration], records: [WriteRecord]) {
        let patience = Duration.milliseconds(probeIntervalMs) * 60
        let background = load(cluster)
        let running = Task { await background.run(writers: 8, seed: seed &+ 1, payloadBytes: payloadBytes) }
        var durations: [Duration] = []
        for cycle in 0..<kills {
            let victim = cluster.names[cycle % cluster.names.count]
            let survivors = cluster.names.filter { $0 != victim }
            let owned = (await cluster.shards(of: victim) ?? []).filter { $0.role == .primary }.map(\.shard)
            cluster.process(victim)?.kill9()
            guard let declared = await cluster.waitUntil(timeout: patience, poll: .milliseconds(10), {
                for survivor in survivors where await cluster.state(of: victim, seenBy: survivor)?.state == .dead {
                    return true
                }
                return false
            }) else {
                throw ValidationError("cycle \(cycle + 1): \(victim) was not declared dead within \(patience)")
            }
            let declaredAt = ContinuousClock.now
            let probe = ShardClient(system: cluster.client, entryPoints: survivors.compactMap { cluster.addresses[$0] })
            let times = try await withThrowingTaskGroup(of: Duration.self) { group in
                for shard in owned {
                    group.addTask {
                        _ = try await probe.write([], to: shard, as: RequestID(client: UInt64.random(in: 1...UInt64.max), number: 1),
                                                  deadline: patience)
                        return ContinuousClock.now - declaredAt
                    }
                }
                return try await group.reduce(into: [Duration]()) { $0.append($1) }
            }
            durations += times
            if !json {
                StandardOutput.line(String(format: "cycle %2d: %@ killed, declared dead after %.2f s, its %d shards writable again after at most %.2f s",
                                           cycle + 1, victim, declared / .seconds(1), owned.count,
                                           (times.max() ?? .zero) / .seconds(1)))
            }
            try cluster.start(victim)
            try await converge(cluster)
        }
        background.stop()
        await running.value
        return (durations, background.records)
    }
}

struct ReplicationReport: Encodable {
    var writers: Int
    var payloadBytes: Int
    var entriesPerSecond = 0.0
    var primaryOnlyEntriesPerSecond = 0.0
    var failovers: [Duration] = []
    var audit: ReplicationAudit?

    private func percentile(_ p: Double) -> Double {
        let sorted = failovers.map { $0 / .seconds(1) }.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(writers, forKey: .writers)
        try container.encode(payloadBytes, forKey: .payloadBytes)
        try container.encode(entriesPerSecond.rounded(), forKey: .entriesPerSecond)
        try container.encode(primaryOnlyEntriesPerSecond.rounded(), forKey: .primaryOnlyEntriesPerSecond)
        try container.encode(failovers.count, forKey: .failovers)
        try container.encode(percentile(0.5), forKey: .failoverP50)
        try container.encode(percentile(0.99), forKey: .failoverP99)
        try container.encode(audit?.acknowledged ?? 0, forKey: .acknowledgedWrites)
        try container.encode(audit?.lost.count ?? 0, forKey: .lostWrites)
        try container.encode(audit.map { $0.duplicated.count + $0.misplaced.count + $0.outOfOrder.count } ?? 0,
                             forKey: .misplacedWrites)
        try container.encode(audit?.epochConflicts.count ?? 0, forKey: .epochConflicts)
        try container.encode(audit?.passed ?? false, forKey: .auditPassed)
    }

    private enum Key: String, CodingKey {
        case writers
        case payloadBytes = "payload_bytes"
        case entriesPerSecond = "entries_per_s"
        case primaryOnlyEntriesPerSecond = "primary_only_entries_per_s"
        case failovers = "failover_shards_measured"
        case failoverP50 = "failover_p50_s"
        case failoverP99 = "failover_p99_s"
        case acknowledgedWrites = "acknowledged_writes"
        case lostWrites = "lost_writes"
        case misplacedWrites = "misplaced_writes"
        case epochConflicts = "epoch_conflicts"
        case auditPassed = "audit_passed"
    }

    func json() throws -> String {
        try JSONText.encode(self)
    }

    func table() -> String {
        var lines = [
            "replicated log, 3 nodes, \(writers) writers, \(payloadBytes)-byte entries",
            String(format: "  replicated:    %10.0f entries/s", entriesPerSecond),
            String(format: "  primary-only:  %10.0f entries/s (replication costs %.0f%%)", primaryOnlyEntriesPerSecond,
                   primaryOnlyEntriesPerSecond > 0 ? (1 - entriesPerSecond / primaryOnlyEntriesPerSecond) * 100 : 0),
        ]
        if !failovers.isEmpty {
            lines.append(String(format: "  failover:      p50 %.2f s, p99 %.2f s after death declared (%d shards)",
                                percentile(0.5), percentile(0.99), failovers.count))
        }
        if let audit { lines.append("  audit:         " + audit.description) }
        return lines.joined(separator: "\n")
    }
}
