import ClusterSystem
import Synchronization

/// Where an entity records its events: its shard's log on this node, the primary.
public final class EntityJournal: Sendable {
    public let shard: ShardID
    public let kind: String
    public let key: String
    /// The host is looked up on each record rather than held: it holds its entities,
    /// and each entity its journal, so holding it would keep all of them alive for ever.
    private let system: ClusterSystem
    private let client = UInt64.random(in: 1...UInt64.max)
    private let counter = Atomic<UInt64>(0)

    init(shard: ShardID, kind: String, key: String, system: ClusterSystem) {
        self.shard = shard
        self.kind = kind
        self.key = key
        self.system = system
    }

    /// Appends `event` to the log and returns once it is replicated. Throws
    /// `EntityMoved` when this node no longer serves the shard, so that the caller
    /// re-resolves the entity on the new primary, and `EntityEventRejected` for an
    /// event the log refuses (too large).
    public func record(_ event: [UInt8]) async throws {
        let request = RequestID(client: client, number: counter.add(1, ordering: .relaxed).newValue)
        let payload = EntityRecord(kind: kind, key: key, event: event).payload
        let outcome: WriteOutcome
        do {
            let host = try ShardManager.resolve(id: .wellKnown(ShardManager.path, on: system.identity.address), using: system)
            outcome = try await host.write(shard, request: request, payload: payload)
        } catch {
            throw EntityMoved(shard: shard, reason: "\(error)")
        }
        switch outcome {
        case .acknowledged: return
        case .notPrimary, .unavailable: throw EntityMoved(shard: shard, reason: "\(outcome)")
        case .rejected(let reason): throw EntityEventRejected(reason: reason)
        }
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
