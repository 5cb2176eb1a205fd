import ClusterSystem
import ContactCenter
import Distributed
import Foundation
import Gateway
import Logging
import Membership
import Prometheus
import ServiceLifecycle
import Sharding
import Storage
import Transport

/// One node of a cluster as a long-running service: its RocksDB state, its
/// cluster system, its membership and its shards, run until graceful shutdown.
///
/// On graceful shutdown (SIGTERM) it announces its leave, so peers record "left",
/// not "dead". When keep-majority downing says isolation cannot end under this
/// identity (the cluster declared it dead, or it holds dead the members it misses),
/// it restarts as a new generation: dead is final for an incarnation. The new
/// incarnation keeps the member set it was isolated from, joins through those
/// members as well as the seeds, and serves only once it sees a majority of them.
public final class SwitchboardNode: Service, Sendable {
    public let config: ClusterConfig
    public let node: NodeConfig
    private let logger: Logger
    private let metrics: PrometheusCollectorRegistry

    /// - Parameter metrics: what /metrics shows; the process bootstraps swift-metrics
    ///   with a factory over the same registry.
    public init(config: ClusterConfig, nodeName: String, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
                logger: Logger) throws(ConfigError) {
        guard let node = config.node(named: nodeName) else {
            throw ConfigError(key: "--node", problem: .invalid(
                value: nodeName, expected: "one of the nodes: \(config.nodes.map(\.name).joined(separator: ", "))"))
        }
        self.config = config
        self.node = node
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "node"] = "\(node.name)"
        self.logger = logger
    }

    public func run() async throws {
        try FileManager.default.createDirectory(atPath: node.dataDir, withIntermediateDirectories: true)
        // Held open for the node's lifetime: its lock keeps a second process off the directory.
        let database = try Database.open(at: node.dataDir)
        var agreed: Set<NodeAddress> = []
        // One set of injected faults for all incarnations: a partition a test or the
        // chaos runner made outlives a restart, as a cut cable would.
        let faults = FaultInjector(seed: UInt64(node.address.port))
        while true {
            let stored = try NodeIdentityStore.loadAndAdvance(in: database)
            let identity = NodeIdentity(address: node.address, generation: stored.generation)
            switch try await runIncarnation(identity, agreed: agreed, faults: faults, database: database) {
            case .shutDown:
                return
            case .rejoin(let lastAgreed):
                logger.warning("isolation cannot end under this identity; rejoining as a new generation",
                               metadata: ["identity": "\(identity)", "agreed": "\(lastAgreed.count) members"])
                agreed = lastAgreed
                // A pause between incarnations, so a node that keeps failing to rejoin
                // does not spin through generations.
                try await Task.sleep(for: .milliseconds(config.membership.probeIntervalMs))
            }
        }
    }

    private enum IncarnationEnd: Sendable, Equatable {
        case shutDown
        case rejoin(agreed: Set<NodeAddress>)
    }

    private func runIncarnation(_ identity: NodeIdentity, agreed: Set<NodeAddress>,
                                faults: FaultInjector, database: Database) async throws -> IncarnationEnd {
        var systemSettings = ClusterSystemSettings(
            transport: try TransportSettings(clusterName: config.name, identity: identity))
        systemSettings.remoteFaultControl = config.faultInjection
        // Everything that can throw comes before the system starts, so nothing leaks it.
        let settings = try config.membership.swimSettings()
        let shardingSettings = try config.sharding.settings(configuredNodes: config.nodes.count, regions: config.regions)
        let system = try await ClusterSystem.start(settings: systemSettings, faults: faults, logger: logger)
        let seeds = config.seedAddresses + agreed.subtracting(config.seedAddresses).filter { $0 != node.address }.sorted()
        let randomSeed = identity.generation &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(node.address.port)
        let membership = system.makeWellKnown(MembershipService.path) {
            MembershipService(actorSystem: system, settings: settings, name: node.name, region: node.region,
                              seeds: seeds, clusterSize: config.nodes.count, agreed: agreed,
                              randomSeed: randomSeed, logger: logger)
        }
        guard let decisions = await membership.whenLocal({ $0.downingDecisions() }) else {
            preconditionFailure("the membership service was created here, so it is local")
        }
        let shards: ShardManager
        do {
            shards = try system.makeWellKnown(ShardManager.path) {
                try ShardManager(actorSystem: system, settings: shardingSettings, database: database, logger: logger)
            }
        } catch {
            await system.shutdown()
            throw error
        }
        await shards.whenLocal {
            $0.register(RoutingDomainActor.self)
            $0.register(SessionActor.self)
            $0.register(ConversationActor.self)
            $0.register(TenantActor.self)
        }
        let http = httpServer(system: system, membership: membership, shards: shards, layout: shardingSettings.layout)
        await membership.whenLocal { $0.start() }
        logger.notice("node started", metadata: ["identity": "\(identity)", "region": "\(node.region)"])

        let end = await withTaskGroup(of: IncarnationEnd?.self) { group in
            group.addTask {
                try? await gracefulShutdown()
                return .shutDown
            }
            group.addTask {
                await ShardViewFeed.run(membership: membership, shards: shards)
                return nil
            }
            group.addTask {
                await NodeMetrics.run(membership: membership, shards: shards)
                return nil
            }
            if let http {
                group.addTask {
                    do {
                        try await http.run()
                    } catch {
                        self.logger.error("http server stopped", metadata: ["error": "\(error)"])
                    }
                    return nil
                }
            }
            group.addTask {
                for await decision in decisions where decision.rejoinRequired {
                    return .rejoin(agreed: await membership.whenLocal { $0.agreedMembers } ?? agreed)
                }
                return nil
            }
            var end = IncarnationEnd.shutDown
            for await result in group {
                if let result {
                    end = result
                    break
                }
            }
            group.cancelAll()
            return end
        }

        // Either way this incarnation's shard host must stop taking shards over:
        // the next incarnation opens its own over the same database.
        await shards.whenLocal { $0.retire() }
        if end == .shutDown {
            // Two probe intervals let the leave reach every member through gossip.
            await membership.whenLocal { await $0.leave(grace: settings.probeInterval * 2) }
            logger.notice("left the cluster")
        } else {
            await membership.whenLocal { $0.stop() }
        }
        await system.shutdown()
        return end
    }

    /// The node's HTTP server, if its configuration gives it an HTTP address.
    private func httpServer(system: ClusterSystem, membership: MembershipService, shards: ShardManager,
                            layout: ShardLayout) -> HTTPServer? {
        guard let address = node.http else { return nil }
        let settings = GatewaySettings(http: address, servesTenants: node.roles.contains(.gateway), regions: config.regions,
                                       operatorKey: config.gateway.operatorKey.map(OperatorKeyHash.init(key:)),
                                       admission: config.gateway.admission)
        let inspection = ClusterInspection(
            members: {
                let status = await membership.whenLocal { $0.status() }
                return status?.members.map {
                    .init(address: "\($0.member.identity.address)", name: $0.member.name, region: $0.member.region,
                          status: "\($0.member.state)")
                } ?? []
            },
            shards: {
                let rows = await shards.whenLocal { $0.status() } ?? []
                return rows.map {
                    .init(shard: Int($0.shard.rawValue), primary: $0.primary.map { "\($0)" }, backup: $0.backup.map { "\($0)" },
                          epoch: $0.replica.promised.rawValue, lastSequence: $0.replica.lastSequence,
                          replicationLag: $0.replicationLag, region: $0.region)
                }
            })
        let gateway = Gateway(settings: settings, system: system, layout: layout, inspection: inspection, logger: logger)
        return HTTPServer(settings: settings, gateway: gateway, registry: metrics, logger: logger)
    }
}
