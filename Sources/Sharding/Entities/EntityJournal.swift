import ClusterSystem
import Synchronization

/// Where an entity records its events: its shard's log on this node, the primary.
public final class EntityJournal: Sendable {
    public let shard: ShardID
    /// Where the cluster's entities live, for entities that reach other entities.
    public let layout: ShardLayout
    public let kind: String
    public let key: String
    /// The host is looked up on each record rather than held: it holds its entities,
    /// and each entity its journal, so holding it would keep all of them alive for ever.
    private let system: ClusterSystem
    private let requests = RequestIDSource()
    private let projections: ProjectionWriter

    /// Which activation of the entity this journal belongs to: the host takes events
    /// only from the activation it holds now, so an instance it let go of (still
    /// finishing a call, or woken by its own timer) can no longer write.
    let activation: UInt64
    /// Set when the host lets go of the entity's shard. Callers may hold the entity's ID
    /// and call it directly, so the entity itself must then refuse, not answer from
    /// state that is no longer the shard's.
    private let retired = Atomic<Bool>(false)
    /// When a method of the entity last began, in nanoseconds since `Self.clockStart`.
    private let lastUsed = Atomic<Int64>(0)
    private static let clockStart = ContinuousClock.now

    init(shard: ShardID, layout: ShardLayout, kind: String, key: String, activation: UInt64, system: ClusterSystem,
         projections: ProjectionWriter) {
        self.shard = shard
        self.projections = projections
        self.activation = activation
        self.layout = layout
        self.kind = kind
        self.key = key
        self.system = system
        lastUsed.store(Self.nanoseconds(since: Self.clockStart), ordering: .relaxed)
    }

    func retire() {
        retired.store(true, ordering: .releasing)
    }

    /// How long since a method of the entity last began (or since it was activated).
    var idle: Duration {
        .nanoseconds(Self.nanoseconds(since: Self.clockStart) - lastUsed.load(ordering: .relaxed))
    }

    private static func nanoseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = (ContinuousClock.now - start).components
        return elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
    }

    /// Throws `EntityMoved` once the host let go of this activation. Entities call it
    /// first in every method, reads included, so a caller that held on to their ID
    /// re-resolves instead of reading stale state.
    public func ensureCurrent() throws(EntityMoved) {
        lastUsed.store(Self.nanoseconds(since: Self.clockStart), ordering: .relaxed)
        if retired.load(ordering: .acquiring) {
            throw EntityMoved(shard: shard, reason: "this activation was let go of")
        }
    }

    /// Appends `event` to the log and returns once it is replicated. While the shard
    /// is briefly unavailable here (its epoch given up and taken over again) the same
    /// request is retried, so an event that reached the log is answered from it, not
    /// written twice. Throws `EntityMoved` when this node, or this activation, no
    /// longer serves the entity, and `EntityEventRejected` for an event the log
    /// refuses (too large).
    public func record(_ event: [UInt8]) async throws {
        try ensureCurrent()
        let request = requests.next()
        let payload = EntityRecord(kind: kind, key: key, event: event).payload
        let path = EntityPath.of(kind: kind, key: key)
        var retry = RetryPause(initial: .milliseconds(20), deadline: .now + .seconds(5))
        while true {
            let outcome: WriteOutcome
            do {
                let host = try ShardManager.resolve(id: .wellKnown(ShardManager.path, on: system.identity.address), using: system)
                outcome = try await host.record(entityEvent: payload, at: path, activation: activation, shard: shard, request: request)
            } catch {
                throw EntityMoved(shard: shard, reason: "\(error)")
            }
            switch outcome {
            case .acknowledged:
                return
            case .unavailable where !retry.expired:
                guard await retry.wait() else { throw EntityMoved(shard: shard, reason: "cancelled") }
            case .notPrimary, .unavailable:
                throw EntityMoved(shard: shard, reason: "\(outcome)")
            case .rejected(let reason):
                throw EntityEventRejected(reason: reason)
            }
        }
    }
}

extension EntityJournal {
    /// Appends events of other entities, of type `E`, to their shards' logs — one entry
    /// per shard, unless a shard's share is over the log's payload limit — and returns
    /// once all are replicated: for a projection, where this entity's recorded state
    /// implies events of others (a routing domain's arrivals, in its customers' sessions).
    ///
    /// `E` only reads what is projected into it: a host lets go of an active entity its
    /// shard gets projected events for, and the entity's next call replays them. So `E`
    /// must be one that may be let go of (it has an idle timeout: nothing runs on its own).
    /// A projection whose answer was lost is sent again, so `E` must also take an event
    /// it already holds as a no-op. Throws `EntityMoved` once this activation was let go
    /// of, or the shards' write error when they did not acknowledge within `deadline`.
    public func project<E: ShardedEntity>(_ events: [(key: String, event: [UInt8])], to type: E.Type,
                                          deadline: Duration = .seconds(10)) async throws {
        precondition(E.idleTimeout != nil, "\(E.kind) acts on its own and cannot take projected events")
        try ensureCurrent()
        guard !events.isEmpty else { return }
        try await projections.write(events, to: type, requests: requests, deadline: deadline)
    }
}

/// The entity's shard is not served here (any more): re-resolve and call again.
public struct EntityMoved: Error, Equatable, CustomStringConvertible {
    public var shard: ShardID
    public var reason: String

    public var description: String { "\(shard) is not served here: \(reason)" }
}

/// The log refused the event itself; calling again will not help.
public struct EntityEventRejected: Error, Equatable, CustomStringConvertible {
    public var reason: String

    public var description: String { "event rejected: \(reason)" }
}
