import ArgumentParser
import Chaos
import Foundation
import Logging
import ServiceLifecycle

/// `switchboard chaos run <scenario>`: one chaos scenario against a fresh local cluster.
struct ChaosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Chaos scenarios against a real local cluster (chaos/scenarios, docs/chaos.md).",
        subcommands: [ChaosRunCommand.self]
    )
}

struct ChaosRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one scenario: a real cluster, seeded load and faults, one verdict per invariant.",
        discussion: """
            Progress goes to standard error. Standard output gets the summary table, or with
            --json the report as one JSON object. report.json, summary.txt, timeline.svg,
            records.json and each node's output (nodes/<name>.log) go to --report-dir. The exit status is 0 only when every verdict passed.
            Run as root, partitions are cut with iptables between the nodes' loopback addresses;
            otherwise through each node's transport.
            """
    )

    @Argument(help: "The scenario file, e.g. chaos/scenarios/spike-300.yaml.")
    var scenario: String

    @Option(help: "Seed for arrivals, channels, patience and handle times (default: the scenario's).")
    var seed: UInt64?

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    @Option(help: "Directory for the report files (default: chaos/reports/<scenario>-seed<N>).")
    var reportDir: String?

    func run() async throws {
        var loaded: Scenario
        do {
            loaded = try ScenarioFile.load(scenario)
        } catch {
            throw ValidationError("\(scenario): \(error)")
        }
        if let seed { loaded.seed = seed }
        let runner = ChaosRunner(scenario: loaded, scenarioPath: scenario,
                                 executable: URL(fileURLWithPath: CommandLine.executablePath)) { line in
            StandardError.line(line)
        }
        let directory = URL(fileURLWithPath: reportDir ?? "chaos/reports/\(loaded.name)-seed\(loaded.seed)")
        let service = ChaosService(runner: runner, directory: directory, json: json)
        var logger = Logger(label: "switchboard.chaos")
        logger.logLevel = .warning
        // Ctrl-C or SIGTERM cancels the run; the cluster, its processes, iptables rules and
        // data directories are removed on the way out.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        if service.outcome.withLock({ $0 }) != true { throw ExitCode(1) }
    }
}
