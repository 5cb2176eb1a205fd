import ArgumentParser
import Foundation
import Logging
import Metrics
import NodeRuntime
import Prometheus
import ServiceLifecycle

/// `switchboard node`: one node of a cluster defined in `cluster-config/`, until SIGTERM.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run one node of a cluster until SIGTERM (or Ctrl-C).",
        discussion: """
            Values in the file can be overridden by environment variables named after \
            their keys: NODES_N1_ADDRESS=127.0.0.9:7001 replaces nodes.n1.address.
            """
    )

    @Option(help: "The cluster definition, e.g. cluster-config/three-node.yaml.")
    var config: String

    @Option(help: "This node's name in the definition.")
    var node: String

    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        if ProcessInfo.processInfo.environment[ParentWatchdog.environmentKey] == "1" {
            ParentWatchdog.start()
        }
        var logger = Logger(label: "switchboard.node")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let cluster = try await ClusterConfigLoader.load(file: config, environment: ProcessInfo.processInfo.environment)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let service = try SwitchboardNode(config: cluster, nodeName: node, metrics: registry, logger: logger)
        let group = ServiceGroup(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
