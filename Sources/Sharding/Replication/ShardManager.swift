import ClusterSystem
import Distributed
import Logging
import Storage
import Transport

/// The shard host: the well-known actor at `/system/shards` on every node.
///
/// It serves writes for the shards placement makes this node primary of, persists
/// entries for the shards it backs up, and takes shards over when placement moves
/// them here — after a failure (failover) or a join or leave (hand-off) alike:
///
/// 1. ask every live member what it holds of the shard, and pick an epoch above
///    every promise;
/// 2. fence: every live member promises that epoch, so the old primary, wherever
///    it is, can no longer get a write persisted by a backup;
/// 3. catch up from the copy that is furthest ahead (a later log epoch, then a
///    longer log), by tail when the copies share an epoch and by whole log otherwise;
/// 4. install the backup the same way, and serve.
///
/// A write is acknowledged only once primary and backup hold it (replicated
/// policy), and a backup persists only entries of the epoch it promised, so an
/// isolated, paused or partitioned primary cannot get a write acknowledged.
public distributed actor ShardManager {
    public typealias ActorSystem = ClusterSystem

    public static let path = "/system/shards"

    let settings: ShardingSettings
    /// `settings.layout` and its tags, derived once: every activation and view uses them.
    let layout: ShardLayout
    private let regionTags: [ShardID: String]
    let store: ShardLogStore
    let logger: Logger
    var view = ClusterView.unknown
    var placement: PlacementTable
    /// The shards this node serves as primary.
    var serving: [ShardID: PrimaryShard] = [:]
    var takeovers: [ShardID: Task<Void, Never>] = [:]
    /// A group-commit round is under way (see `write`).
    var committing = false
    /// Where the next round starts among the served shards (see `takeRound`).
    var roundStart = 0
    var entityTypes: [String: any ShardedEntity.Type] = [:]
    /// Active entities by path, on the shards this node serves.
    var entities: [String: ActiveEntity] = [:]
    /// The node is leaving (see `retire`): it takes no shard over any more.
    var retired = false
    /// Where this node's entities write projections' events (`EntityJournal.project`).
    let projections: ProjectionWriter

    /// Creates the host over the node's database, reading what it holds of every shard.
    public init(actorSystem: ClusterSystem, settings: ShardingSettings, database: Database, logger: Logger) throws {
        self.actorSystem = actorSystem
        self.settings = settings
        layout = settings.layout
        regionTags = layout.regionTags
        self.store = try ShardLogStore(database: database)
        projections = ProjectionWriter(system: actorSystem, layout: layout, maximumPayloadBytes: settings.maximumPayloadBytes)
        var logger = logger
        logger[metadataKey: "component"] = "shards"
        self.logger = logger
        placement = ClusterView.unknown.placement(shardCount: settings.shardCount, regionTags: regionTags)
        if settings.acknowledgement == .primaryOnly {
            logger.warning("acknowledgement policy is primary-only: a node lost right after acknowledging a write loses it")
        }
        // Held weakly: the system outlives the host, and the host holds the system.
        actorSystem.activateOnDemand { [weak self] path in
            guard let self else { return nil }
            return await self.whenLocal { $0.activeEntity(atPath: path) } ?? nil
        }
    }

    var me: NodeIdentity { actorSystem.identity }

    // MARK: - Views

    /// Stops serving and taking over for good, before the node leaves: the others
    /// take its shards over (they can still read its log until it exits), and it
    /// must not contend with them on the way out.
    public func retire() {
        retired = true
        update(view)
        logger.notice("retired: serving no shards, still backing up until the node exits")
    }

    /// A new membership view: stop serving what is no longer ours, take over what now is.
    public func update(_ newView: ClusterView) {
        let membersChanged = newView.members != view.members
        view = newView
        placement = newView.placement(shardCount: settings.shardCount, regionTags: regionTags)
        if newView.isolated {
            for shard in Array(serving.keys) {
                stopServing(shard, answering: .unavailable(reason: "node isolated from the majority"))
            }
            takeovers.values.forEach { $0.cancel() }
            takeovers.removeAll()
            return
        }
        for shard in settings.shardCount.shards {
            let owners = placement[shard]
            if isPrimary(of: shard) {
                let backup = owners?.backup.flatMap { newView.identity(at: $0) }
                if let current = serving[shard], current.backup == backup { continue }
                if serving[shard] != nil {
                    stopServing(shard, answering: .unavailable(reason: "backup changed; taking over again"))
                }
                startTakeover(shard)
            } else {
                if serving[shard] != nil {
                    stopServing(shard, answering: .notPrimary(hint: owners?.primary))
                }
                takeovers.removeValue(forKey: shard)?.cancel()
            }
        }
        if membersChanged {
            releaseStaleCopies()
        }
    }

    func isPrimary(of shard: ShardID) -> Bool {
        !view.isolated && !retired && placement[shard]?.primary == me.address
    }

    func stopServing(_ shard: ShardID, answering outcome: WriteOutcome) {
        guard let stopped = serving.removeValue(forKey: shard) else { return }
        deactivateEntities(of: shard)
        for write in stopped.queue {
            write.reply(outcome)
        }
        logger.info("stopped serving", metadata: ["shard": "\(shard)", "epoch": "\(stopped.epoch)"])
    }

    /// Tells live members that hold copies of shards served here, but own none of
    /// them, that they may drop them: the primary and its backup hold everything.
    private func releaseStaleCopies() {
        for (shard, primary) in serving {
            releaseCopies(of: shard, servedAt: primary.epoch)
        }
    }

    /// Tells the live members that do not own `shard` to drop their copies of it;
    /// each keeps its copy if it promised a later epoch meanwhile.
    func releaseCopies(of shard: ShardID, servedAt epoch: ShardEpoch) {
        let system = actorSystem
        let timeout = settings.replicationTimeout
        let owners = placement[shard]
        for member in view.members where !(owners?.contains(member.identity.address) ?? false) {
            Task.detached {
                let remote = try ShardManager.resolve(id: .wellKnown(Self.path, on: member.identity.address), using: system)
                try await ClusterSystem.withCallTimeout(timeout) {
                    try await remote.release(shard, epoch: epoch)
                }
            }
        }
    }

    // MARK: - Remote surface: status

    /// Every shard this node serves, backs up, takes over or still holds.
    public distributed func status() -> [ShardStatus] {
        var shards = Set(store.shards)
        shards.formUnion(serving.keys)
        shards.formUnion(takeovers.keys)
        return shards.sorted().compactMap { shard in
            let owners = placement[shard]
            let replica = store.state(of: shard)
            let role: ShardStatus.Role
            var lag: UInt64?
            if let primary = serving[shard] {
                role = .primary
                lag = replica.lastSequence - min(primary.backupSequence, replica.lastSequence)
            } else if isPrimary(of: shard) {
                role = .takingOver
            } else if owners?.backup == me.address {
                role = .backup
            } else if replica.lastSequence > 0 {
                role = .stale
            } else {
                return nil
            }
            return ShardStatus(shard: shard, role: role, primary: owners?.primary, backup: owners?.backup,
                               replica: replica, replicationLag: lag, region: layout.region(of: shard))
        }
    }

    /// The placement this node computes from its view, and whether it is isolated.
    public distributed func currentView() -> ClusterView {
        view
    }

    /// Up to `limit` entries of the shard's local log from `first` on: for catching
    /// up, and for checkers that read every node's log.
    public distributed func readLog(_ shard: ShardID, from first: UInt64, limit: Int) throws -> LogPage {
        let entries = try store.entries(of: shard, from: first, limit: min(max(limit, 0), settings.installPageSize))
        return LogPage(Array(ByteBudget.prefix(entries, size: \.estimatedBytes)))
    }

    public distributed func replicaState(_ shard: ShardID) -> ReplicaState {
        store.state(of: shard)
    }
}

/// A shard this node serves as primary.
struct PrimaryShard {
    var epoch: ShardEpoch
    /// `nil` only in a one-node cluster, which serves primary-only.
    var backup: NodeIdentity?
    /// The backup holds the log up to here.
    var backupSequence: UInt64
    var queue: [PendingWrite] = []
    var queued: Set<RequestID> = []
}

/// A write waiting for its batch.
struct PendingWrite {
    var request: RequestID
    var payload: [UInt8]
    var reply: @Sendable (WriteOutcome) -> Void
}
