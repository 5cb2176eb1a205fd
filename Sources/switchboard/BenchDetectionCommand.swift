import ArgumentParser
import Foundation
import Membership
import NodeRuntime

/// `switchboard bench detection`: how long a local cluster takes to mark a SIGKILLed
/// node dead everywhere, over repeated kills, and whether anyone else was wrongly downed.
struct BenchDetectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detection",
        abstract: "Failure detection time of a local cluster, one SIGKILL per run."
    )

    @Option(help: "Kills to measure.")
    var runs = 10

    @Option(help: "Nodes in the cluster.")
    var nodes = 5

    @Option(help: "SWIM probe interval in milliseconds.")
    var probeIntervalMs = 1000

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard (1...1000).contains(runs) else { throw ValidationError("--runs must be in 1...1000") }
        guard (3...50).contains(nodes) else { throw ValidationError("--nodes must be in 3...50") }
        guard (50...10_000).contains(probeIntervalMs) else { throw ValidationError("--probe-interval-ms must be in 50...10000") }
    }

    func run() async throws {
        let executable = URL(fileURLWithPath: CommandLine.executablePath)
        let report = try await LocalCluster.with(nodes: nodes, executable: executable, probeIntervalMs: probeIntervalMs,
                                                 pingTimeoutMs: probeIntervalMs / 2) { cluster in
            try await measure(cluster)
        }
        StandardOutput.line(json ? report.json() : report.table())
    }

    private func measure(_ cluster: LocalCluster) async throws -> DetectionReport {
        let patience = Duration.milliseconds(probeIntervalMs) * 60
        try cluster.startAll()
        guard await cluster.waitUntil(timeout: patience, { await cluster.allSee(cluster.names, as: .alive, from: cluster.names) }) != nil else {
            throw ValidationError("the local cluster did not converge within \(patience)\n\(cluster.recentLogs())")
        }
        var detections: [Duration] = []
        var falsePositives = 0
        // The seeds (the first two nodes) stay up, so a restarted victim always has someone to join through.
        let victims = Array(cluster.names.dropFirst(2))
        for run in 0..<runs {
            let victim = victims[run % victims.count]
            let observers = cluster.names.filter { $0 != victim }
            cluster.process(victim)?.kill9()
            guard let detected = await cluster.waitUntil(timeout: patience, poll: .milliseconds(20), {
                await cluster.allSee([victim], as: .dead, from: observers)
            }) else {
                throw ValidationError("run \(run + 1): \(victim) was not marked dead everywhere within \(patience)")
            }
            detections.append(detected)
            falsePositives += await wronglyDowned(in: cluster, except: victim)
            if !json {
                StandardOutput.line(String(format: "run %2d: %@ marked dead everywhere after %.2f s",
                                           run + 1, victim, detected / .seconds(1)))
            }
            try cluster.start(victim)
            guard await cluster.waitUntil(timeout: patience, { await cluster.allSee(cluster.names, as: .alive, from: cluster.names) }) != nil else {
                throw ValidationError("run \(run + 1): the cluster did not converge after restarting \(victim)")
            }
        }
        return DetectionReport(nodes: nodes, probeIntervalMs: probeIntervalMs, detections: detections,
                               falsePositives: falsePositives)
    }

    /// Members other than the victim that some node holds dead: false positives.
    private func wronglyDowned(in cluster: LocalCluster, except victim: String) async -> Int {
        var wrong: Set<String> = []
        for observer in cluster.names where observer != victim {
            for row in await cluster.status(of: observer)?.members ?? [] where row.member.state == .dead {
                if row.member.name != victim { wrong.insert(row.member.name) }
            }
        }
        return wrong.count
    }
}

struct DetectionReport {
    var nodes: Int
    var probeIntervalMs: Int
    var detections: [Duration]
    var falsePositives: Int

    private var seconds: [Double] { detections.map { $0 / .seconds(1) }.sorted() }

    func percentile(_ p: Double) -> Double {
        let sorted = seconds
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    func json() -> String {
        String(format: "{\"runs\": %d, \"nodes\": %d, \"probe_interval_ms\": %d, \"detect_p50_s\": %.3f, "
               + "\"detect_p99_s\": %.3f, \"detect_max_s\": %.3f, \"false_positives\": %d}",
               detections.count, nodes, probeIntervalMs, percentile(0.5), percentile(0.99), seconds.last ?? 0, falsePositives)
    }

    func table() -> String {
        String(format: "%d nodes, probe interval %d ms, %d kills: detection p50 %.2f s, p99 %.2f s, max %.2f s; %d false positives",
               nodes, probeIntervalMs, detections.count, percentile(0.5), percentile(0.99), seconds.last ?? 0, falsePositives)
    }
}
