import ClusterSystem
import Synchronization
import Transport

/// Finds sharded entities from anywhere: on a node, or in a client system connected
/// to the cluster. `ref(_:key:)` gives a reference that follows the entity when its
/// shard moves.
public final class ShardedEntities: Sendable {
    private let system: ClusterSystem
    private let entryPoints: [NodeAddress]
    private let layout: ShardLayout
    /// The primary of each shard as last found. An entity on a known primary is called at
    /// its path there directly, until a call says it moved (`EntityJournal.ensureCurrent`,
    /// or no actor at that path): nothing is kept per entity, however many are called.
    private let primaries = Mutex<[ShardID: NodeAddress]>([:])
    /// How long one activation call may take.
    public let callTimeout: Duration

    /// - Parameter layout: the cluster's, as its nodes' `ShardingSettings.layout`.
    public init(system: ClusterSystem, entryPoints: [NodeAddress], layout: ShardLayout = ShardLayout(shardCount: .standard),
                callTimeout: Duration = .seconds(2)) {
        precondition(!entryPoints.isEmpty, "sharded entities need at least one node to ask")
        self.system = system
        self.entryPoints = entryPoints
        self.layout = layout
        self.callTimeout = callTimeout
    }

    public func ref<E: ShardedEntity>(_ type: E.Type, key: String) -> EntityRef<E> {
        EntityRef(key: key, shard: layout.shard(forKey: key, region: E.regionIndex(ofKey: key)), entities: self)
    }

    /// One attempt to find the entity on its shard's primary.
    func locate<E: ShardedEntity>(_ type: E.Type, key: String, shard: ShardID, attempt: Int) async throws(EntityLookupProblem) -> E {
        let target = primaries.withLock { $0[shard] } ?? entryPoints[attempt % entryPoints.count]
        let activation: Activation
        do {
            let host = try ShardManager.resolve(id: .wellKnown(ShardManager.path, on: target), using: system)
            activation = try await ClusterSystem.withCallTimeout(callTimeout) {
                try await host.activate(kind: E.kind, key: key)
            }
        } catch {
            forget(shard, at: target)
            throw .retry("\(target): \(error)")
        }
        switch activation {
        case .active(let id):
            primaries.withLock { $0[shard] = id.node.address }
            do {
                return try E.resolve(id: id, using: system)
            } catch {
                throw .retry("\(id): \(error)")
            }
        case .notPrimary(let hint):
            if let hint, hint != target {
                primaries.withLock { $0[shard] = hint }
                throw .redirected
            }
            forget(shard, at: target)
            throw .retry("\(target) is not the primary of \(shard)")
        case .unavailable(let reason):
            throw .retry("\(target): \(reason)")
        case .unknownKind(let kind):
            throw .fatal("no node hosts entities of kind \(kind)")
        case .invalidKey(let why):
            throw .fatal(why)
        }
    }

    /// The entity at its path on its shard's primary, when the primary is known: on
    /// another node, that node activates the entity when the call arrives, so a new entity
    /// costs one call rather than an activation request first, and a primary that moved
    /// answers that no actor is there; on this node, only an entity already active.
    func known<E: ShardedEntity>(_ type: E.Type, key: String, shard: ShardID) -> E? {
        guard let primary = primaries.withLock({ $0[shard] }) else { return nil }
        return try? E.resolve(id: .wellKnown(E.path(for: key), on: primary), using: system)
    }

    func forget(_ shard: ShardID, at address: NodeAddress? = nil) {
        primaries.withLock { if address == nil || $0[shard] == address { $0[shard] = nil } }
    }
}

enum EntityLookupProblem: Error {
    /// A hint to follow at once.
    case redirected
    /// Worth another attempt after a pause.
    case retry(String)
    case fatal(String)
}

/// A reference to a sharded entity that survives its shard moving: each call goes
/// to the entity on the shard's current primary, re-resolving it when the shard
/// moved, with bounded retries.
public struct EntityRef<E: ShardedEntity>: Sendable {
    public let key: String
    public let shard: ShardID
    let entities: ShardedEntities

    /// Runs `body` against the entity, re-resolving and calling again while the
    /// entity is moving (its node gone, its shard taken over), until `deadline`.
    /// A call that timed out is not repeated: it may have run.
    public func call<Result: Sendable>(deadline: Duration = .seconds(10),
                                       _ body: (E) async throws -> Result) async throws(EntityCallError) -> Result {
        var retry = RetryPause(deadline: .now + deadline)
        var attempt = 0
        var lastProblem = "no attempt"
        while !retry.expired {
            attempt += 1
            let known = entities.known(E.self, key: key, shard: shard)
            let entity: E
            if let known {
                entity = known
            } else {
                do {
                    entity = try await entities.locate(E.self, key: key, shard: shard, attempt: attempt)
                } catch {
                    switch error {
                    case .redirected: continue
                    case .retry(let problem): lastProblem = problem
                    case .fatal(let problem): throw .failed(key: key, problem)
                    }
                    guard await retry.wait() else { throw .cancelled }
                    continue
                }
            }
            do {
                return try await body(entity)
            } catch let error where Self.meansMoved(error) {
                entities.forget(shard)
                lastProblem = "\(error)"
                // A stale reference costs no pause: the next attempt asks the host.
                if known != nil { continue }
                guard await retry.wait() else { throw .cancelled }
            } catch {
                throw .failed(key: key, "\(error)")
            }
        }
        throw .unavailable(key: key, attempts: attempt, lastProblem: lastProblem)
    }

    /// The entity is elsewhere now; the call most likely did not run (a connection
    /// lost mid-call is the exception `ShardedEntity` warns about).
    private static func meansMoved(_ error: any Error) -> Bool {
        if error is EntityMoved { return true }
        switch error as? RemoteCallError {
        case .actorNotFound, .peerUnreachable, .sendRefused, .overloaded, .deadlineExceededBeforeStart: return true
        case .remote(let typeName, _): return typeName == String(reflecting: EntityMoved.self)
        default: return false
        }
    }
}

/// Why a call to a sharded entity failed.
public enum EntityCallError: Error, Equatable, CustomStringConvertible {
    /// The entity could not be reached on its shard's primary within the deadline.
    case unavailable(key: String, attempts: Int, lastProblem: String)
    /// The call itself failed (the entity threw, the call timed out, the kind is unknown).
    case failed(key: String, String)
    case cancelled

    public var description: String {
        switch self {
        case .unavailable(let key, let attempts, let problem):
            "entity \(key) unreachable after \(attempts) attempts; last problem: \(problem)"
        case .failed(let key, let problem): "call to entity \(key) failed: \(problem)"
        case .cancelled: "the call was cancelled"
        }
    }
}
