import ClusterSystem
import ContactCenter
import Distributed
import Sharding

/// A tenant's administration as a sharded entity keyed by tenant ID: created once by
/// the operator, then changed by its admins. Every change is in the shard's replicated
/// log before it is answered, so keys and queues survive failover like contacts do.
public distributed actor TenantActor: ShardedEntity {
    public typealias ActorSystem = ClusterSystem
    public static let kind = "tenant"

    private let journal: EntityJournal
    private let gate = SerialGate()
    private var profile: TenantProfile?

    public init(key: String, history: [[UInt8]], journal: EntityJournal, actorSystem: ClusterSystem) {
        self.actorSystem = actorSystem
        self.journal = journal
        var profile: TenantProfile?
        for bytes in history {
            switch try? BinaryDecoder().decode(TenantRecord.self, from: bytes) {
            case .created(let created)?:
                profile = profile ?? created
            case .changed(let change)?:
                // Changes were validated before they were recorded; a refusal here cannot happen.
                try? profile?.apply(change)
            case nil:
                continue
            }
        }
        self.profile = profile
    }

    public static func key(for tenant: TenantID) -> String {
        "\(tenant.rawValue)"
    }

    /// Creates the tenant with its first admin key; false if the ID is taken. The same
    /// profile again is a retried call that took effect (its admin key is random), and
    /// answered true: otherwise the caller would pick another ID and leave this tenant
    /// behind with a key nobody was shown.
    public distributed func create(_ fresh: TenantProfile) async throws -> Bool {
        try journal.ensureCurrent()
        return try await gate.run {
            if let existing = try await self.current() { return existing == fresh }
            try await journal.record(try BinaryEncoder().encode(TenantRecord.created(fresh)))
            await self.install(fresh)
            return true
        }
    }

    public distributed func current() throws -> TenantProfile? {
        try journal.ensureCurrent()
        return profile
    }

    /// Applies `change` if the profile accepts it; a refusal is a value, so a caller on
    /// another node can tell it from a failed call.
    public distributed func apply(_ change: TenantChange) async throws -> TenantChangeOutcome {
        try journal.ensureCurrent()
        return try await gate.run {
            guard var next = try await self.current() else { return .noSuchTenant }
            do throws(TenantChangeError) {
                try next.apply(change)
            } catch {
                return .refused(error)
            }
            // A change that changes nothing (a retried one) needs no record.
            if try await next == self.current() { return .applied(next) }
            try await journal.record(try BinaryEncoder().encode(TenantRecord.changed(change)))
            await self.install(next)
            return .applied(next)
        }
    }

    /// Sets a queue, then reconfigures its region's routing domain with all of the
    /// tenant's queues there, before recording the change. One change at a time: two
    /// admins editing queues at once cannot leave the domain without either queue.
    public distributed func setQueue(_ queue: TenantProfile.TenantQueue) async throws -> TenantChangeOutcome {
        try journal.ensureCurrent()
        let entities = ShardedEntities(system: actorSystem, entryPoints: [actorSystem.identity.address],
                                       layout: journal.layout)
        return try await gate.run {
            guard var next = try await self.current() else { return .noSuchTenant }
            do throws(TenantChangeError) {
                try next.apply(.queueSet(queue))
            } catch {
                return .refused(error)
            }
            let configuration = next.routingConfiguration(region: queue.region)
            let domain = entities.ref(RoutingDomainActor.self, key: RoutingDomainKey.of(tenant: next.id, region: queue.region))
            if let refusal = try await domain.call({ try await $0.reconfigure(configuration) }) {
                return .domainRefused(refusal)
            }
            try await journal.record(try BinaryEncoder().encode(TenantRecord.changed(.queueSet(queue))))
            await self.install(next)
            return .applied(next)
        }
    }

    private func install(_ next: TenantProfile) {
        profile = next
    }
}

enum TenantRecord: Codable {
    case created(TenantProfile)
    case changed(TenantChange)
}

public enum TenantChangeOutcome: Sendable, Codable, Equatable {
    case applied(TenantProfile)
    case refused(TenantChangeError)
    case noSuchTenant
    /// The routing domain refused the configuration the change leads to.
    case domainRefused(RoutingReconfigurationError)
}
