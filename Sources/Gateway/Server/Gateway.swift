import ClusterSystem
import ContactCenter
import Foundation
import Logging
import Sharding
import Synchronization

/// The gateway's view of the cluster: tenants' profiles (cached briefly), their routing
/// domains and sessions as sharded entities, and admission control. Requests for a
/// shard on another node travel as remote calls to its primary.
public final class Gateway: Sendable {
    let settings: GatewaySettings
    let entities: ShardedEntities
    let admission: AdmissionControl
    let inspection: ClusterInspection
    let logger: Logger
    private let profiles = Mutex<[TenantID: CachedProfile]>([:])
    private let requests = RequestIDSource()
    /// One per routing domain this gateway has sent contacts to: a tenant's regions.
    private let arrivals = Mutex<[String: ArrivalBatcher]>([:])

    /// A profile as read, or the answer that there is none: unknown tenants are cached
    /// too, so made-up keys cost one lookup per tenant per cache period.
    private struct CachedProfile {
        var profile: TenantProfile?
        var fetchedAt: ContinuousClock.Instant
    }

    /// The least time between two fresh reads of one tenant's profile for keys the
    /// cached one does not know.
    static let refreshFloor = Duration.seconds(1)

    public init(settings: GatewaySettings, system: ClusterSystem, layout: ShardLayout,
                inspection: ClusterInspection, logger: Logger) {
        self.settings = settings
        entities = ShardedEntities(system: system, entryPoints: [system.identity.address], layout: layout)
        admission = AdmissionControl(settings: settings.admission)
        self.inspection = inspection
        self.logger = logger
    }

    // MARK: - Tenants

    func tenant(_ id: TenantID) -> EntityRef<TenantActor> {
        entities.ref(TenantActor.self, key: TenantActor.key(for: id))
    }

    /// The tenant's profile, from the cache if it is younger than `keyCacheSeconds`.
    func profile(of id: TenantID, fresh: Bool = false) async throws(Problem) -> TenantProfile? {
        if !fresh, let cached = profiles.withLock({ $0[id] }),
           ContinuousClock.now - cached.fetchedAt < .seconds(settings.keyCacheSeconds) {
            return cached.profile
        }
        let profile = try await call(tenant(id)) { try await $0.current() }
        profiles.withLock { $0[id] = CachedProfile(profile: profile, fetchedAt: .now) }
        return profile
    }

    func remember(_ profile: TenantProfile) {
        profiles.withLock { $0[profile.id] = CachedProfile(profile: profile, fetchedAt: .now) }
    }

    /// Whether the cached profile of `id` is old enough to read again for a key it lacks.
    private func mayRefresh(_ id: TenantID) -> Bool {
        guard let cached = profiles.withLock({ $0[id] }) else { return true }
        return ContinuousClock.now - cached.fetchedAt >= Self.refreshFloor
    }

    /// Applies an administrative change through the tenant's entity.
    func change(_ id: TenantID, _ change: TenantChange) async throws(Problem) -> TenantProfile {
        try answer(try await call(tenant(id), { try await $0.apply(change) }))
    }

    /// Sets a queue and reconfigures its region's domain, in the tenant entity's turn.
    func setQueue(_ queue: TenantProfile.TenantQueue, of id: TenantID) async throws(Problem) -> TenantProfile {
        try answer(try await call(tenant(id), { try await $0.setQueue(queue) }))
    }

    private func answer(_ outcome: TenantChangeOutcome) throws(Problem) -> TenantProfile {
        switch outcome {
        case .applied(let profile):
            remember(profile)
            return profile
        case .refused(let refusal):
            throw Problem.conflict(refusal.description)
        case .noSuchTenant:
            throw Problem.notFound("the tenant")
        case .domainRefused(.invalid(let why)):
            throw Problem.invalid(why.description)
        case .domainRefused(let refusal):
            throw Problem.conflict(refusal.description)
        }
    }

    /// The principal a presented key stands for, or nil for an unknown key.
    func principal(for presented: String) async throws(Problem) -> Principal? {
        if let key = APIKey(parsing: presented) {
            if let stored = try await profile(of: key.tenant)?.key(matching: key) {
                return .tenant(key.tenant, stored.role, agent: stored.agent)
            }
            // A key made a moment ago on another gateway may not be in this one's cache
            // yet; read again, but at most once a second per tenant.
            guard mayRefresh(key.tenant), let stored = try await profile(of: key.tenant, fresh: true)?.key(matching: key) else {
                return nil
            }
            return .tenant(key.tenant, stored.role, agent: stored.agent)
        }
        if let operatorKey = settings.operatorKey, operatorKey.matches(presented) { return .operator }
        return nil
    }

    // MARK: - Routing domains and sessions

    func domain(_ tenant: TenantID, _ region: RegionID) -> EntityRef<RoutingDomainActor> {
        entities.ref(RoutingDomainActor.self, key: RoutingDomainKey.of(tenant: tenant, region: region))
    }

    func conversation(_ tenant: TenantID, _ contact: ContactID) -> EntityRef<ConversationActor> {
        entities.ref(ConversationActor.self, key: ConversationActor.key(tenant: tenant, contact: contact))
    }

    func session(_ tenant: TenantID, _ customer: CustomerID) -> EntityRef<SessionActor> {
        entities.ref(SessionActor.self, key: SessionActor.key(tenant: tenant, customer: customer))
    }

    /// Records `event` in the domain's log and applies it; a refusal becomes the problem
    /// a client can act on. The call names itself, so an `EntityRef` retry of a call that
    /// took effect is answered as the first was: a contact created just before a failover
    /// is not refused as a duplicate of itself.
    func submit(_ event: RoutingEvent, tenant: TenantID, region: RegionID,
                by agent: AgentID? = nil) async throws(Problem) -> [RoutingDirective] {
        let request = requests.next()
        switch try await call(domain(tenant, region), { try await $0.attempt(event, by: agent, request: request) }) {
        case .applied(let directives):
            return directives
        case .notTheAgents:
            throw Problem.notFound("that reservation or contact of this agent")
        case .notConfigured:
            throw notConfigured(in: region)
        case .refused(let refusal):
            throw Self.problem(for: refusal)
        }
    }

    /// Submits a new contact's arrival: offered or queued once it is in the domain's
    /// log, or known when the domain already has the contact's ID, routing it or lately
    /// finished (the same idempotency key sent again). A refusal is the problem to answer.
    func arrive(_ contact: Contact, tenant: TenantID, region: RegionID) async throws(Problem) -> ArrivalOutcome {
        let outcome = try await batcher(tenant, region).arrive(ContactArrival(contact, request: requests.next()))
        switch outcome {
        case .offered, .queued, .known:
            return outcome
        case .refused(let refusal):
            throw Self.problem(for: refusal)
        case .notConfigured:
            throw notConfigured(in: region)
        }
    }

    /// The batcher of the domain's arrivals from this gateway, made on first use.
    private func batcher(_ tenant: TenantID, _ region: RegionID) -> ArrivalBatcher {
        let key = RoutingDomainKey.of(tenant: tenant, region: region)
        return arrivals.withLock { batchers in
            if let batcher = batchers[key] { return batcher }
            let domain = domain(tenant, region)
            let batcher = ArrivalBatcher(maximumCalls: Self.arrivalCalls, batchLimit: RoutingDomainActor.arrivalBatchLimit) {
                [weak self] batch throws(Problem) in
                guard let self else { throw Problem.unavailable("the gateway is stopping; retry shortly") }
                return try await call(domain) { try await $0.arriveAll(batch) }
            }
            batchers[key] = batcher
            return batcher
        }
    }

    /// The most calls in flight to one domain from this gateway, each with a full batch
    /// but the first. One call at a time used 7% less node CPU per contact than two in
    /// `bench gateway` (docs/benchmarks.md); more go only while whole batches wait.
    static let arrivalCalls = 4

    /// The domain of `region` has no configuration yet: the tenant has set up no queue there.
    private func notConfigured(in region: RegionID) -> Problem {
        Problem.conflict("the tenant has no queues in \(settings.name(of: region) ?? "\(region)") yet")
    }

    static func problem(for refusal: RoutingError) -> Problem {
        switch refusal {
        case .unknownQueue(let queue): .notFound("\(queue)")
        case .unknownAgent(let agent): .notFound("\(agent)")
        case .unknownContact(let contact): .conflict("\(contact) is not being routed (never arrived, or already finished)")
        case .unknownReservation(let reservation): .conflict("\(reservation) is not pending (never granted, or already ended)")
        case .queueFull(let queue, let waiting):
            .overCapacity(retryAfterSeconds: 5, detail: "\(queue) already has \(waiting) contacts waiting, its maximum")
        case .duplicateAgent, .duplicateContact, .queueClosed, .agentHoldsContacts, .invalidTransition,
             .noRegionOverflowPending:
            .refused(refusal.description)
        }
    }

    /// Calls an entity, answering 503 (retry later) when it cannot be reached in time.
    func call<E: ShardedEntity, T: Sendable>(_ ref: EntityRef<E>, _ body: (E) async throws -> T) async throws(Problem) -> T {
        do {
            return try await ref.call(deadline: .seconds(5), body)
        } catch {
            // Entity keys hold customer and contact IDs, and errors repeat them: logs name
            // the kind and shard only.
            let location: Logger.Metadata = ["entity": "\(E.kind)", "shard": "\(ref.shard.rawValue)"]
            switch error {
            case .unavailable(_, let attempts, _):
                logger.warning("entity unavailable", metadata: location.merging(["attempts": "\(attempts)"]) { $1 })
                throw Problem.unavailable("the tenant's data is moving between nodes; retry shortly")
            case .cancelled:
                throw Problem.unavailable("the call was cancelled; retry shortly")
            case .failed:
                logger.error("entity call failed", metadata: location)
                throw Problem.unavailable("the call to the tenant's data failed; retry shortly")
            }
        }
    }
}
