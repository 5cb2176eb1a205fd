import ArgumentParser
import Foundation
import Membership
import NodeRuntime

/// `switchboard bench soak`: a local cluster left alone for minutes, optionally with a
/// CPU hog saturating one core; every member wrongly downed is a false positive.
struct BenchSoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run a local cluster for a while and count false-positive downings."
    )

    @Option(help: "Minutes to run.")
    var minutes = 10.0

    @Option(help: "Nodes in the cluster.")
    var nodes = 5

    @Flag(help: "Saturate one core with a busy process (/usr/bin/yes) for the whole run.")
    var cpuHog = false

    @Flag(help: "Print one JSON object instead of a summary.")
    var json = false

    func validate() throws {
        guard minutes > 0, minutes <= 24 * 60 else { throw ValidationError("--minutes must be in (0, 1440]") }
        guard (3...50).contains(nodes) else { throw ValidationError("--nodes must be in 3...50") }
    }

    func run() async throws {
        let executable = URL(fileURLWithPath: CommandLine.executablePath)
        let hog = cpuHog ? try startHog() : nil
        defer {
            if let hog {
                kill(hog.processIdentifier, SIGKILL)
                hog.waitUntilExit()
            }
        }
        let (downed, suspicions) = try await LocalCluster.with(nodes: nodes, executable: executable) { cluster in
            try await soak(cluster)
        }
        if json {
            StandardOutput.line("{\"minutes\": \(minutes), \"nodes\": \(nodes), \"cpu_hog\": \(cpuHog), "
                + "\"false_positives\": \(downed.count), \"suspicions_observed\": \(suspicions)}")
        } else {
            StandardOutput.line("\(nodes) nodes for \(minutes) min\(cpuHog ? " with one core saturated" : ""): "
                + "\(downed.count) false-positive downings\(downed.isEmpty ? "" : " (\(downed.sorted().joined(separator: ", ")))"), "
                + "\(suspicions) suspicions observed")
        }
    }

    /// Polls every node's view once a second; returns the members some node held dead
    /// and how many (observer, member) suspicions were seen.
    private func soak(_ cluster: LocalCluster) async throws -> (Set<String>, Int) {
        try cluster.startAll()
        guard await cluster.waitUntil(timeout: .seconds(60), { await cluster.allSee(cluster.names, as: .alive, from: cluster.names) }) != nil else {
            throw ValidationError("the local cluster did not converge\n\(cluster.recentLogs())")
        }
        let clock = ContinuousClock()
        let end = clock.now + .seconds(minutes * 60)
        var downed: Set<String> = []
        var suspicions = 0
        var lastProgress = clock.now
        while clock.now < end {
            for observer in cluster.names {
                for row in await cluster.status(of: observer)?.members ?? [] {
                    switch row.member.state {
                    case .dead: downed.insert(row.member.name)
                    case .suspect: suspicions += 1
                    default: break
                    }
                }
            }
            if !json, clock.now - lastProgress >= .seconds(60) {
                lastProgress = clock.now
                StandardOutput.line("… \(downed.count) false positives, \(suspicions) suspicions so far")
            }
            try await Task.sleep(for: .seconds(1))
        }
        return (downed, suspicions)
    }

    private func startHog() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/yes")
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
