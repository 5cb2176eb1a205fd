import ClusterSystem
import Foundation
import Logging
import Sharding
import Storage
import Transport

/// Shard hosts in this process for tests: each a real cluster system on its own
/// loopback address with its own RocksDB, whose membership views the test sets by
/// hand (`show`), so a test can lose a node exactly when it wants to.
public final class ShardHosts: Sendable {
    public let systems: [ClusterSystem]
    public let managers: [ShardManager]
    public let directory: URL

    /// - Parameter register: registers the entity types every host serves.
    public init(count: Int = 3, register: @Sendable (isolated ShardManager) -> Void) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-shard-hosts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var logger = Logger(label: "shard-hosts")
        logger.logLevel = .warning
        var systems: [ClusterSystem] = []
        var managers: [ShardManager] = []
        // 127.0.3.0/24, away from the 127.0.0.N and 127.0.1.N of other tests; a random
        // port keeps concurrent suites apart.
        let port = Int.random(in: 20_000...29_999)
        for index in 0..<count {
            let identity = NodeIdentity(address: NodeAddress(host: "127.0.3.\(index + 2)", port: port), generation: 1)
            let system = try await ClusterSystem.start(
                settings: ClusterSystemSettings(transport: try TransportSettings(clusterName: "shard-hosts", identity: identity)),
                logger: logger)
            let database = try Database.open(at: directory.appendingPathComponent("n\(index + 1)").path)
            let manager = try system.makeWellKnown(ShardManager.path) {
                try ShardManager(actorSystem: system, settings: ShardingSettings(configuredNodes: count),
                                 database: database, logger: logger)
            }
            await manager.whenLocal { register($0) }
            systems.append(system)
            managers.append(manager)
        }
        self.systems = systems
        self.managers = managers
    }

    public var addresses: [NodeAddress] { systems.map(\.identity.address) }

    /// Gives the hosts at `observers` (by default, those at `alive`) a view of exactly
    /// the hosts at `alive`. A host shown a view without itself hands its shards off, as
    /// a leaving node does.
    public func show(_ alive: [Int], to observers: [Int]? = nil) async {
        let view = ClusterView(members: alive.map { ClusterView.Member(identity: systems[$0].identity, region: "local") },
                               isolated: false)
        for index in observers ?? alive { await managers[index].whenLocal { $0.update(view) } }
    }

    /// The host serving `shard` as primary, among `alive`.
    public func primary(of shard: ShardID, among alive: [Int]) async -> Int? {
        for index in alive where await managers[index].whenLocal({ $0.status() })?.contains(where: {
            $0.shard == shard && $0.role == .primary
        }) == true {
            return index
        }
        return nil
    }

    /// Stops host `index` as a crash would look to the others: its connections drop.
    public func lose(_ index: Int) async {
        await systems[index].shutdown()
    }

    public func shutdown() async {
        for system in systems { await system.shutdown() }
        try? FileManager.default.removeItem(at: directory)
    }
}
