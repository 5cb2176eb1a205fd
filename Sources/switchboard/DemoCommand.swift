import ArgumentParser
import Foundation
import Logging
import NodeRuntime
import ServiceLifecycle

/// `switchboard demo`: the README's main job. A three-node cluster on loopback (two
/// regions), each node a gateway; a demo tenant set up through the API, simulated
/// agents on WebSocket streams and customers over REST, and a live line every second.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "A three-node local cluster with a demo tenant, simulated customers and agents, and a live summary."
    )

    @Option(help: "Stop after this many seconds (default: run until Ctrl-C).")
    var seconds: Int?

    @Option(help: "New contacts per second across both regions.")
    var arrivalsPerSecond = 1.5

    @Option(help: "Seed for arrivals, channels, handle times and patience.")
    var seed: UInt64 = 1

    func validate() throws {
        if let seconds, !(1...86_400).contains(seconds) { throw ValidationError("--seconds must be in 1...86400") }
        guard (0.1...100).contains(arrivalsPerSecond) else { throw ValidationError("--arrivals-per-second must be in 0.1...100") }
    }

    func run() async throws {
        var logger = Logger(label: "switchboard.demo")
        logger.logLevel = .warning
        let demo = DemoService(seconds: seconds, arrivalsPerSecond: arrivalsPerSecond, seed: seed)
        // The demo ending by itself (`--seconds`) is a success, not a failed service.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: demo, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Runs the demo until its time is up or Ctrl-C; the local cluster is always torn down.
struct DemoService: Service {
    var seconds: Int?
    var arrivalsPerSecond: Double
    var seed: UInt64

    func run() async throws {
        let executable = URL(fileURLWithPath: CommandLine.executablePath)
        StandardOutput.line("starting three switchboard nodes on loopback (regions cn-east and cn-south)…")
        try await LocalCluster.with(nodes: 3, executable: executable, probeIntervalMs: 500, pingTimeoutMs: 250) { cluster in
            try cluster.startAll()
            let ready = await cluster.waitUntil(timeout: .seconds(60)) { await cluster.allServing() }
            guard ready != nil else { throw ValidationError("the cluster did not come up:\n\(cluster.recentLogs())") }
            for node in cluster.names {
                StandardOutput.line("  \(node) at \(cluster.addresses[node]!) (data in \(cluster.dataDirectory(of: node)))")
            }
            StandardOutput.line("inspect it: switchboard ctl shards --node \(cluster.addresses["n1"]!) --cluster \(cluster.name)")
            let gateways = cluster.names.map { cluster.httpAddresses[$0]! }
            let tenant = try await DemoTenant.create(gateways: gateways, operatorKey: cluster.operatorKey, seed: seed,
                                                     arrivalsPerSecond: arrivalsPerSecond)
            let agents = try await tenant.setUp()
            StandardOutput.line("gateway: http://\(gateways[0].host):\(gateways[0].port) (and the other nodes, port \(gateways[0].port))")
            StandardOutput.line("API key of the demo tenant's admin: \(tenant.admin.key)")
            StandardOutput.line("  try: curl -H 'Authorization: Bearer \(tenant.admin.key)' http://\(gateways[0].host):\(gateways[0].port)/v1/stats")
            StandardOutput.line("demo tenant: one queue per region, 4 agents in the east and 6 in the south; Ctrl-C stops every process")
            try? await cancelWhenGracefulShutdown {
                try await tenant.run(agents: agents, for: seconds.map { .seconds($0) })
            }
            StandardOutput.line("stopping the cluster…")
        }
    }
}
