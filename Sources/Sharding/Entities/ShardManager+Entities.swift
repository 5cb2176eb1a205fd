import ClusterSystem
import Distributed
import Transport

extension ShardManager {
    /// Lets this node host entities of `type`. Every node registers the same types.
    public func register<E: ShardedEntity>(_ type: E.Type) {
        entityTypes[E.kind] = type
    }

    /// The entity `key` of `kind` on this node, activated from the shard's log if it
    /// is not active yet; or why it cannot be here.
    public distributed func activate(kind: String, key: String) -> Activation {
        guard let type = entityTypes[kind] else { return .unknownKind(kind) }
        guard !key.isEmpty, key.utf8.count <= Self.maximumEntityKeyBytes else {
            return .invalidKey("an entity key has 1 to \(Self.maximumEntityKeyBytes) bytes")
        }
        let shard = layout.shard(forKey: key, region: type.regionIndex(ofKey: key))
        guard serving[shard] != nil else {
            if view.isolated { return .unavailable(reason: "node isolated from the majority") }
            if isPrimary(of: shard) { return .unavailable(reason: "taking \(shard) over") }
            return .notPrimary(hint: placement[shard]?.primary)
        }
        if let active = entities[EntityPath.of(kind: kind, key: key)] { return .active(active.id) }
        do {
            let history = try store.entityEvents(of: shard, kind: kind, key: key)
            return .active(makeEntity(type, key: key, shard: shard, history: history))
        } catch {
            return .unavailable(reason: "storage: \(error)")
        }
    }

    public static let maximumEntityKeyBytes = 512

    /// Activates the shard's entities that act on their own (types without an idle
    /// timeout), now that this node serves it: their timers must run on the new primary
    /// without waiting for a call to wake them.
    func wakeResidentEntities(of shard: ShardID) {
        for (kind, type) in entityTypes where type.idleTimeout == nil {
            let keys: [String]
            do {
                keys = try store.entityKeys(of: shard, kind: kind)
            } catch {
                logger.error("resident entities not woken", metadata: ["shard": "\(shard)", "kind": "\(kind)", "error": "\(error)"])
                continue
            }
            var woken = 0
            for key in keys {
                if case .active = activate(kind: kind, key: key) { woken += 1 }
            }
            if !keys.isEmpty {
                logger.info("resident entities woken", metadata: [
                    "shard": "\(shard)", "kind": "\(kind)", "woken": "\(woken)", "listed": "\(keys.count)",
                ])
            }
        }
    }

    /// The entity at `path` (`/entity/<kind>/<key>`), activated if this node may host it:
    /// what a call addressed straight to the entity finds when it is not active yet.
    func activeEntity(atPath path: String) -> (any DistributedActor)? {
        guard let (kind, key) = EntityPath.parse(path), case .active(let id) = activate(kind: kind, key: key) else { return nil }
        return entities[id.path]?.actor
    }

    private func makeEntity<E: ShardedEntity>(_ type: E.Type, key: String, shard: ShardID,
                                              history: [[UInt8]]) -> ClusterActorID {
        let system = actorSystem
        let activation = UInt64.random(in: 1...UInt64.max)
        let journal = EntityJournal(shard: shard, layout: layout, kind: E.kind, key: key,
                                    activation: activation, system: system, projections: projections)
        let entity = system.makeActor(at: E.path(for: key)) {
            E(key: key, history: history, journal: journal, actorSystem: system)
        }
        entities[entity.id.path] = ActiveEntity(shard: shard, id: entity.id, activation: activation, journal: journal,
                                                idleTimeout: E.idleTimeout, actor: entity)
        logger.debug("entity activated", metadata: ["entity": "\(entity.id.path)", "events": "\(history.count)"])
        return entity.id
    }

    /// An event from the entity at `path`, taken only from the activation this node
    /// holds now (see `EntityJournal.activation`).
    public distributed func record(entityEvent payload: [UInt8], at path: String, activation: UInt64,
                                   shard: ShardID, request: RequestID) async -> WriteOutcome {
        guard entities[path]?.activation == activation, entities[path]?.shard == shard else {
            return .notPrimary(hint: placement[shard]?.primary)
        }
        return await write(shard, request: request, payload: payload)
    }

    /// Lets go of the active entities that `writes` project events for, once they are in
    /// the log here: each replays them on its next call. Projections are written
    /// without their entities, which would otherwise go on answering from the state before.
    func letGoOfProjectedEntities(_ writes: [PendingWrite]) {
        for write in writes {
            for path in EntityPayload.projectedPaths(in: write.payload) {
                entities.removeValue(forKey: path)?.journal.retire()
            }
        }
    }

    /// Whether the entity is active on this node now.
    public func isActive(kind: String, key: String) -> Bool {
        entities[EntityPath.of(kind: kind, key: key)] != nil
    }

    /// Lets go of entities that went uncalled longer than their type's idle timeout, so
    /// a node's memory follows the entities in use, not every one ever called. Returns
    /// how many are still active.
    @discardableResult
    public func passivateIdleEntities() -> Int {
        for (path, entity) in entities {
            guard let timeout = entity.idleTimeout, entity.journal.idle > timeout else { continue }
            entity.journal.retire()
            entities[path] = nil
        }
        return entities.count
    }

    /// Lets go of the shard's entities: new calls find no entity here (an instance
    /// still finishing a call can no longer record), and callers re-resolve on the
    /// shard's new primary.
    func deactivateEntities(of shard: ShardID) {
        for entity in entities.values where entity.shard == shard { entity.journal.retire() }
        entities = entities.filter { $0.value.shard != shard }
    }
}

/// An entity this node hosts; holding it keeps it alive.
struct ActiveEntity {
    var shard: ShardID
    var id: ClusterActorID
    var activation: UInt64
    var journal: EntityJournal
    var idleTimeout: Duration?
    var actor: any DistributedActor
}

/// The answer to `ShardManager.activate`.
public enum Activation: Hashable, Sendable, Codable {
    case active(ClusterActorID)
    case notPrimary(hint: NodeAddress?)
    case unavailable(reason: String)
    case unknownKind(String)
    case invalidKey(String)
}
