import ClusterSystem
import ClusterTestKit
import Distributed
import Sharding
import Testing
import Transport

/// A counter kept as events in its shard's log.
distributed actor Counter: ShardedEntity {
    typealias ActorSystem = ClusterSystem
    static let kind = "counter"
    static var idleTimeout: Duration? { .milliseconds(300) }

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

    distributed func read() throws -> Int {
        try journal.ensureCurrent()
        return total
    }

    /// Adds each amount to the counter of its key, as a projection: other counters' events.
    distributed func project(_ amounts: [String: UInt8]) async throws {
        try await journal.project(amounts.sorted { $0.key < $1.key }.map { (key: $0.key, event: [$0.value]) }, to: Counter.self)
    }

    private static func amount(in event: [UInt8]) -> UInt8 { event.first ?? 0 }
}

@Suite(.serialized, .timeLimit(.minutes(1)))
struct ShardedEntityTests {
    @Test func anEntityKeepsItsStateWhenItsPrimaryIsLost() async throws {
        let hosts = try await ShardHosts { $0.register(Counter.self) }
        await hosts.show([0, 1, 2])
        let client = ShardedEntities(system: hosts.systems[0], entryPoints: hosts.addresses)
        let counter = client.ref(Counter.self, key: "calls-today")

        for amount in 1...5 {
            _ = try await counter.call { try await $0.add(UInt8(amount)) }
        }
        #expect(try await counter.call { try await $0.read() } == 15)

        // The primary goes away; the others take the shard over and the same
        // reference finds the counter there, rebuilt from the replicated log.
        let primary = try #require(await hosts.primary(of: counter.shard, among: [0, 1, 2]))
        let survivors = [0, 1, 2].filter { $0 != primary }
        await hosts.lose(primary)
        await hosts.show(survivors)
        let client2 = ShardedEntities(system: hosts.systems[survivors[0]], entryPoints: hosts.addresses)
        let after = client2.ref(Counter.self, key: "calls-today")
        #expect(try await after.call { try await $0.add(10) } == 25)
        #expect(try await after.call { try await $0.read() } == 25)
        let newPrimary = await hosts.primary(of: counter.shard, among: survivors)
        #expect(newPrimary != nil && newPrimary != primary)
        await hosts.shutdown()
    }

    /// A reference calls the entity on the primary it found before; once the shard is handed
    /// off, that activation refuses, and the reference finds the entity anew.
    @Test func aReferenceFollowsTheEntityWhenItsShardIsHandedOff() async throws {
        let hosts = try await ShardHosts { $0.register(Counter.self) }
        await hosts.show([0, 1, 2])
        let client = ShardedEntities(system: hosts.systems[0], entryPoints: hosts.addresses)
        let counter = client.ref(Counter.self, key: "handed-off")
        for amount in 1...5 {
            _ = try await counter.call { try await $0.add(UInt8(amount)) }
        }
        let primary = try #require(await hosts.primary(of: counter.shard, among: [0, 1, 2]))
        let others = [0, 1, 2].filter { $0 != primary }
        await hosts.show(others, to: [0, 1, 2])
        var newPrimary: Int?
        for _ in 0..<100 where newPrimary == nil {
            newPrimary = await hosts.primary(of: counter.shard, among: others)
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(newPrimary != nil)
        #expect(try await counter.call { try await $0.read() } == 15)
        #expect(try await counter.call { try await $0.add(10) } == 25)
        await hosts.shutdown()
    }

    /// An idle entity is let go of, and the next call activates it again from the log.
    @Test func anIdleEntityIsLetGoOfAndComesBackWhole() async throws {
        let hosts = try await ShardHosts { $0.register(Counter.self) }
        await hosts.show([0, 1, 2])
        let counter = ShardedEntities(system: hosts.systems[0], entryPoints: hosts.addresses).ref(Counter.self, key: "idle")
        _ = try await counter.call { try await $0.add(4) }
        let primary = try #require(await hosts.primary(of: counter.shard, among: [0, 1, 2]))
        #expect(await hosts.managers[primary].whenLocal { $0.passivateIdleEntities() } == 1)
        try await Task.sleep(for: .milliseconds(400))
        #expect(await hosts.managers[primary].whenLocal { $0.passivateIdleEntities() } == 0)
        #expect(try await counter.call { try await $0.add(1) } == 5)
        await hosts.shutdown()
    }

    /// A call addressed to a new entity's path on its shard's primary activates it there,
    /// without an activation request first; the same path on another node finds nothing.
    @Test func aCallToANewEntitysPathOnItsPrimaryActivatesIt() async throws {
        let hosts = try await ShardHosts { $0.register(Counter.self) }
        await hosts.show([0, 1, 2])
        let client = ShardedEntities(system: hosts.systems[0], entryPoints: hosts.addresses)
        let shard = client.ref(Counter.self, key: "first-call").shard
        var serving: Int?
        for _ in 0..<100 where serving == nil {
            serving = await hosts.primary(of: shard, among: [0, 1, 2])
            if serving == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let primary = try #require(serving)
        let caller = (primary + 1) % 3
        let path = Counter.path(for: "first-call")
        let direct = try Counter.resolve(id: .wellKnown(path, on: hosts.addresses[primary]), using: hosts.systems[caller])
        #expect(try await direct.add(2) == 2)
        #expect(try await direct.read() == 2)
        let elsewhere = try Counter.resolve(id: .wellKnown(path, on: hosts.addresses[(primary + 2) % 3]),
                                            using: hosts.systems[caller])
        await #expect(throws: RemoteCallError.actorNotFound(.wellKnown(path, on: hosts.addresses[(primary + 2) % 3]))) {
            _ = try await elsewhere.read()
        }
        #expect(try await client.ref(Counter.self, key: "first-call").call { try await $0.add(3) } == 5)
        await hosts.shutdown()
    }

    /// Events one entity projects into others land in their shards' logs, many in one
    /// entry: an active target is let go of and replays them on its next call, and a new
    /// primary's copy of the log finds them too.
    @Test func projectedEventsReachTheirEntitiesAndSurviveTheirPrimary() async throws {
        let hosts = try await ShardHosts { $0.register(Counter.self) }
        await hosts.show([0, 1, 2])
        let client = ShardedEntities(system: hosts.systems[0], entryPoints: hosts.addresses)
        let active = client.ref(Counter.self, key: "projected-0")
        #expect(try await active.call { try await $0.add(3) } == 3)

        // 200 targets over most of the 64 shards, and several per shard.
        let amounts = Dictionary(uniqueKeysWithValues: (0..<200).map { ("projected-\($0)", UInt8(1 + $0 % 7)) })
        try await client.ref(Counter.self, key: "source").call { try await $0.project(amounts) }
        #expect(try await active.call { try await $0.read() } == 3 + 1)
        for (key, amount) in amounts where key != "projected-0" {
            #expect(try await client.ref(Counter.self, key: key).call { try await $0.read() } == Int(amount), "\(key)")
        }
        #expect(try await client.ref(Counter.self, key: "source").call { try await $0.read() } == 0)

        let target = client.ref(Counter.self, key: "projected-5")
        let primary = try #require(await hosts.primary(of: target.shard, among: [0, 1, 2]))
        let survivors = [0, 1, 2].filter { $0 != primary }
        await hosts.lose(primary)
        await hosts.show(survivors)
        let after = ShardedEntities(system: hosts.systems[survivors[0]], entryPoints: hosts.addresses)
        #expect(try await after.ref(Counter.self, key: "projected-5").call { try await $0.read() } == Int(amounts["projected-5"]!))
        #expect(try await after.ref(Counter.self, key: "projected-5").call { try await $0.add(1) } == Int(amounts["projected-5"]!) + 1)
        await hosts.shutdown()
    }

    @Test func entitiesOfOneKindAreKeptApartByKey() async throws {
        let hosts = try await ShardHosts { $0.register(Counter.self) }
        await hosts.show([0, 1, 2])
        let client = ShardedEntities(system: hosts.systems[1], entryPoints: hosts.addresses)
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
