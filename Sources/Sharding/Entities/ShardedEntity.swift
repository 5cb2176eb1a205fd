import ClusterSystem
import Distributed

/// A distributed actor that lives on the primary of its key's shard and keeps its
/// state in the shard's replicated log, so it survives the loss of any one node.
///
/// The host (`ShardManager`) activates an entity on the first call for its key,
/// creating it from its history: every event the shard's log holds for it, in log
/// order. A state change is an event: the entity records it with
/// `journal.record(_:)`, which returns once the event is replicated, and then
/// applies it to its state. When the shard moves the host drops its entities;
/// callers holding an `EntityRef` re-resolve to the new primary, where the entity
/// is activated again from the log.
///
/// Callers keep an entity's ID and call it directly, so every distributed method
/// starts with `try journal.ensureCurrent()`: an activation the host let go of then
/// answers `EntityMoved`, never its stale state.
///
/// A call retried after its node failed may run twice: entity methods with effects
/// should be idempotent, or take the caller's own request ID.
public protocol ShardedEntity: DistributedActor where ActorSystem == ClusterSystem {
    /// The entity type's name in paths and log records, e.g. "session"; unique per cluster.
    static var kind: String { get }

    /// The entity `key` rebuilt from `history`, its recorded events in log order.
    init(key: String, history: [[UInt8]], journal: EntityJournal, actorSystem: ClusterSystem)

    /// How long the entity may go uncalled before its host lets go of it (it is
    /// activated again from the log on the next call); nil keeps it while its shard
    /// is served here, for entities that act on their own, e.g. on timers.
    static var idleTimeout: Duration? { get }

    /// The region whose nodes should hold the entity `key`, as an index into the
    /// cluster's configured regions; nil lets it live anywhere (`ShardLayout`).
    static func regionIndex(ofKey key: String) -> Int?
}

extension ShardedEntity {
    /// Ten minutes: a customer's session or a tenant's profile is called again within
    /// minutes while it is in use, and costs only a read of its own events when it is not.
    public static var idleTimeout: Duration? { .seconds(600) }

    /// Anywhere: most entities, customers' sessions among them, spread over every shard.
    public static func regionIndex(ofKey key: String) -> Int? { nil }

    /// Where the entity `key` lives on its shard's primary.
    public static func path(for key: String) -> String {
        EntityPath.of(kind: kind, key: key)
    }
}
