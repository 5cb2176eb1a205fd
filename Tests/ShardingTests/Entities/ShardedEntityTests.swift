import ClusterSystem
import Distributed
import Foundation
import Logging
import Sharding
import Storage
import Testing
import Transport

/// A counter kept as events in its shard's log.
distributed actor Counter: ShardedEntity {
    typealias ActorSystem = ClusterSystem
    static let kind = "counter"

    private let journal: EntityJournal
    private var total: Int

    init(key: String, history: [[UInt8]], journal: EntityJournal, actorSystem: ClusterSystem) {
        self.actorSystem = actorSystem
        self.journal = journal
        total = history.reduce(0) { $0 + Int(Self.amount(in: $1)) }
    }

    distributed func add(_ amount: UInt8) async throws -> Int {
        try await journal.record([amount])
        total += Int(amount)
        return total
    }

    distributed func read() -> Int { total }

    private static func amount(in event: [UInt8]) -> UInt8 { event.first ?? 0 }
}

/// Three in-process nodes, each a real cluster system on its own loopback address
/// with its own RocksDB, whose views the test sets by hand.
final class ThreeHosts {
    let systems: [ClusterSystem]
    let managers: [ShardManager]
    let directory: URL

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-entities-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var logger = Logger(label: "entities-test")
        logger.logLevel = .warning
        var systems: [ClusterSystem] = []
        var managers: [ShardManager] = []
        let subnet = Int.random(in: 10...250)
        for n in 2...4 {
            let identity = NodeIdentity(address: NodeAddress(host: "127.0.3.\(subnet + n - 2)", port: 7_500 + subnet), generation: 1)
            let system = try await ClusterSystem.start(
                settings: ClusterSystemSettings(transport: try TransportSettings(clusterName: "entities", identity: identity)),
                logger: logger)
            let database = try Database.open(at: directory.appendingPathComponent("n\(n)").path)
            let manager = try system.makeWellKnown(ShardManager.path) {
                try ShardManager(actorSystem: system, settings: ShardingSettings(configuredNodes: 3), database: database, logger: logger)
            }
            await manager.whenLocal { $0.register(Counter.self) }
            systems.append(system)
            managers.append(manager)
        }
        self.systems = systems
        self.managers = managers
    }

    func show(_ alive: [Int]) async {
        let view = ClusterView(members: alive.map { ClusterView.Member(identity: systems[$0].identity, region: "eu") },
                               isolated: false)
        for index in alive { await managers[index].whenLocal { $0.update(view) } }
    }

    func primary(of shard: ShardID, among alive: [Int]) async -> Int? {
        for index in alive where await managers[index].whenLocal({ $0.status() })?.contains(where: {
            $0.shard == shard && $0.role == .primary
        }) == true {
            return index
        }
        return nil
    }

    func shutdown() async {
        for system in systems { await system.shutdown() }
        try? FileManager.default.removeItem(at: directory)
    }
}

@Suite(.serialized, .timeLimit(.minutes(1)))
struct ShardedEntityTests {
    @Test func anEntityKeepsItsStateWhenItsPrimaryIsLost() async throws {
        let hosts = try await ThreeHosts()
        await hosts.show([0, 1, 2])
        let client = ShardedEntities(system: hosts.systems[0], entryPoints: hosts.systems.map(\.identity.address))
        let counter = client.ref(Counter.self, key: "calls-today")

        for amount in 1...5 {
            _ = try await counter.call { try await $0.add(UInt8(amount)) }
        }
        #expect(try await counter.call { try await $0.read() } == 15)

        // The primary goes away; the others take the shard over and the same
        // reference finds the counter there, rebuilt from the replicated log.
        let primary = try #require(await hosts.primary(of: counter.shard, among: [0, 1, 2]))
        let survivors = [0, 1, 2].filter { $0 != primary }
        await hosts.systems[primary].shutdown()
        await hosts.show(survivors)
        let client2 = ShardedEntities(system: hosts.systems[survivors[0]], entryPoints: hosts.systems.map(\.identity.address))
        let after = client2.ref(Counter.self, key: "calls-today")
        #expect(try await after.call { try await $0.add(10) } == 25)
        #expect(try await after.call { try await $0.read() } == 25)
        let newPrimary = await hosts.primary(of: counter.shard, among: survivors)
        #expect(newPrimary != nil && newPrimary != primary)
        await hosts.shutdown()
    }

    @Test func entitiesOfOneKindAreKeptApartByKey() async throws {
        let hosts = try await ThreeHosts()
        await hosts.show([0, 1, 2])
        let client = ShardedEntities(system: hosts.systems[1], entryPoints: hosts.systems.map(\.identity.address))
        let a = client.ref(Counter.self, key: "queue-a")
        let b = client.ref(Counter.self, key: "queue-b")
        _ = try await a.call { try await $0.add(3) }
        _ = try await b.call { try await $0.add(4) }
        _ = try await a.call { try await $0.add(3) }
        #expect(try await a.call { try await $0.read() } == 6)
        #expect(try await b.call { try await $0.read() } == 4)
        await #expect(throws: EntityCallError.self) {
            _ = try await client.ref(Counter.self, key: "").call { try await $0.read() }
        }
        await hosts.shutdown()
    }
}
