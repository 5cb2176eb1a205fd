import ClusterSystem
import Distributed
import Foundation
import Sharding

/// One routing domain — a tenant's queues and agents in one region — as a sharded
/// entity: the pure `RoutingEngine` inside, every event recorded in the shard's
/// replicated log before it is applied.
///
/// After failover the new primary replays the log into a fresh engine and arrives at
/// the same queues, positions, wait times and reservations: nothing granted twice.
/// Timers (offer timeouts, overflow, widening) fire through recorded `clockAdvanced`
/// events. A `requestRegionOverflow` directive becomes a call to the other region's
/// domain, which takes the contact only if it has an eligible agent idle now; its
/// answer is recorded here as `regionOverflowAccepted` or `regionOverflowDeclined`,
/// and the contact, with its original `waitingSince`, moves exactly once.
public distributed actor RoutingDomainActor: ShardedEntity {
    public typealias ActorSystem = ClusterSystem
    public static let kind = "routing-domain"

    private let key: String
    private let journal: EntityJournal
    private let gate = SerialGate()
    private var engine: RoutingEngine?
    private var timer: Task<Void, Never>?
    private var timerDue: Timestamp?
    /// The directives of recent events, newest last, for observers and tests.
    private var recent: [RoutingDirective] = []
    private static let recentLimit = 10_000

    public init(key: String, history: [[UInt8]], journal: EntityJournal, actorSystem: ClusterSystem) {
        self.actorSystem = actorSystem
        self.key = key
        self.journal = journal
        var engine: RoutingEngine?
        var ignored: [RoutingDirective] = []
        for bytes in history {
            switch try? RoutingDomainRecord(bytes: bytes) {
            case .configured(let configuration)?:
                engine = try? RoutingEngine(configuration: configuration)
            case .event(let event, let time)?:
                // Refused events were refused live too; replay makes the same call.
                try? engine?.apply(event, at: time, into: &ignored)
            case nil:
                continue
            }
        }
        self.engine = engine
    }

    /// Sets the domain's queues and settings; the first call creates the engine.
    public distributed func configure(_ configuration: RoutingDomainConfiguration) async throws {
        // Validate before recording: a configuration the engine refuses never reaches the log.
        let fresh = try RoutingEngine(configuration: configuration)
        try await gate.run {
            try await journal.record(try RoutingDomainRecord.configured(configuration).bytes)
            await self.install(fresh)
        }
    }

    /// Applies `event` now and returns what the engine decided.
    public distributed func submit(_ event: RoutingEvent) async throws -> [RoutingDirective] {
        try await gate.run { try await self.recordAndApply(event) }
    }

    /// Another region's overflow: takes `contact` into its queue here if an eligible
    /// agent is available now. A contact already here is answered yes again, so a
    /// retried request never admits it twice.
    public distributed func takeOverflow(_ contact: Contact) async throws -> Bool {
        try await gate.run {
            if await self.holds(contact.id) { return true }
            guard await self.canTake(contact) else { return false }
            _ = try await self.recordAndApply(.contactArrived(contact))
            return true
        }
    }

    /// Where a contact stands in this domain; nil once it finished here, or never arrived.
    public distributed func state(of contact: ContactID) -> ContactState? {
        engine?.state(of: contact)
    }

    /// Live statistics of every queue, as of now.
    public distributed func queueStatistics() -> [QueueStatistics] {
        engine?.queueStatistics(at: Timestamp(seconds: Date().timeIntervalSince1970)) ?? []
    }

    /// The directives of recent events, oldest first.
    public distributed func recentDirectives() -> [RoutingDirective] {
        recent
    }

    // MARK: - Inside the gate

    private func install(_ fresh: RoutingEngine) {
        engine = fresh
    }

    private func canTake(_ contact: Contact) -> Bool {
        engine?.hasAvailableAgent(queue: contact.queue, channel: contact.channel) ?? false
    }

    private func holds(_ contact: ContactID) -> Bool {
        engine?.state(of: contact) != nil
    }

    private func recordAndApply(_ event: RoutingEvent) async throws -> [RoutingDirective] {
        guard engine != nil else { throw RoutingDomainError.notConfigured(key) }
        let now = Timestamp(seconds: Date().timeIntervalSince1970)
        try await journal.record(try RoutingDomainRecord.event(event, at: now).bytes)
        return try apply(event, at: now)
    }

    private func apply(_ event: RoutingEvent, at time: Timestamp) throws -> [RoutingDirective] {
        var directives: [RoutingDirective] = []
        defer {
            remember(directives)
            carryOut(directives)
            scheduleTimer()
        }
        try engine?.apply(event, at: time, into: &directives)
        return directives
    }

    private func remember(_ directives: [RoutingDirective]) {
        recent += directives
        if recent.count > Self.recentLimit { recent.removeFirst(recent.count - Self.recentLimit) }
    }

    /// Directives this shell acts on itself; the rest are for observers.
    private func carryOut(_ directives: [RoutingDirective]) {
        guard let tenant = engine?.configuration.tenant else { return }
        for case let .requestRegionOverflow(contact, region, queue, waitingSince) in directives {
            var moving = contact
            moving.queue = queue
            moving.waitingSince = waitingSince
            let target = ShardedEntities(system: actorSystem, entryPoints: [actorSystem.identity.address],
                                         shardCount: journal.shardCount)
                .ref(RoutingDomainActor.self, key: RoutingDomainKey.of(tenant: tenant, region: region))
            Task.detached { [self] in
                let accepted = (try? await target.call { try await $0.takeOverflow(moving) }) ?? false
                _ = try? await self.submit(accepted ? .regionOverflowAccepted(contact.id) : .regionOverflowDeclined(contact.id))
            }
        }
    }

    /// Wakes the domain when the engine's next timer is due, with a recorded `clockAdvanced`.
    private func scheduleTimer() {
        guard let due = engine?.nextDeadline else { return }
        if let current = timerDue, current <= due, timer != nil { return }
        timer?.cancel()
        timerDue = due
        timer = Task.detached { [self] in
            let wait = max(0, due.seconds - Date().timeIntervalSince1970)
            try? await Task.sleep(for: .seconds(wait))
            guard !Task.isCancelled else { return }
            await self.timerFired(due: due)
            _ = try? await self.submit(.clockAdvanced)
        }
    }

    /// Forgets the timer that fired, unless a newer one replaced it meanwhile.
    private func timerFired(due: Timestamp) {
        guard timerDue == due else { return }
        timer = nil
        timerDue = nil
    }
}

public enum RoutingDomainError: Error, Equatable, CustomStringConvertible {
    case notConfigured(String)

    public var description: String {
        switch self {
        case .notConfigured(let key): "routing domain \(key) has no configuration yet"
        }
    }
}
