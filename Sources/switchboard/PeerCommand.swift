import ArgumentParser
import ClusterSystem
import ClusterTestKit
import Logging
import Storage
import Transport

/// `switchboard peer`: one bare cluster node hosting the diagnostics and test actors.
/// Used by `pair`, the RPC benchmark and multi-process tests; the real node
/// (`switchboard node`) adds membership, shards and the gateway.
struct PeerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peer",
        abstract: "Run a bare cluster node (diagnostics and test actors only).",
        shouldDisplay: false
    )

    @Option(help: "The address to listen on and to dial from, host:port (e.g. 127.0.0.2:7101).")
    var address: String

    @Option(help: "The cluster name peers must present.")
    var cluster = "switchboard"

    @Option(help: "This incarnation's generation (default: from --data-dir, else milliseconds since 1970).")
    var generation: UInt64?

    @Option(help: "A RocksDB data directory holding this node's identity; its generation grows by one per start.")
    var dataDir: String?

    @Option(help: "Ping the diagnostics actor at this address every --interval-ms and print the round trip.")
    var ping: String?

    @Option(help: "Milliseconds between pings.")
    var intervalMs = 1000

    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel = "warning"

    func validate() throws {
        _ = try NodeAddress(parsing: address)
        if let ping { _ = try NodeAddress(parsing: ping) }
        guard intervalMs > 0 else { throw ValidationError("--interval-ms must be positive") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        // A test and benchmark tool: it never outlives whoever started it.
        ParentWatchdog.start()
        let address = try NodeAddress(parsing: address)
        var logger = Logger(label: "switchboard.peer")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        // Held open for the process's lifetime: its lock keeps a second node off the directory.
        let database = try dataDir.map { try Database.open(at: $0) }
        defer { withExtendedLifetime(database) {} }
        let stored = try database.map { try NodeIdentityStore.loadAndAdvance(in: $0) }
        let identity = NodeIdentity(
            address: address, generation: generation ?? stored?.generation ?? WallClock.millisecondsSince1970())
        // A test and benchmark tool: its faults are remote-controllable.
        var settings = ClusterSystemSettings(transport: try TransportSettings(clusterName: cluster, identity: identity))
        settings.remoteFaultControl = true
        let system = try await ClusterSystem.start(settings: settings, logger: logger)
        _ = system.makeWellKnown(TestPeer.path) { TestPeer(actorSystem: system) }
        StandardOutput.line("ready \(identity)")

        guard let ping else {
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        let target = try NodeAddress(parsing: ping)
        let clock = ContinuousClock()
        while true {
            do {
                let diagnostics = try NodeDiagnostics.on(target, using: system)
                let start = clock.now
                let answer = try await ClusterSystem.withCallTimeout(.seconds(1)) { try await diagnostics.ping() }
                let micros = (clock.now - start) / .microseconds(1)
                StandardOutput.line("\(address) → \(target): pong from \(answer) in \(Int(micros)) µs")
            } catch {
                StandardOutput.line("\(address) → \(target): \(error)")
            }
            try await Task.sleep(for: .milliseconds(intervalMs))
        }
    }
}
