import ClusterSystem

/// Writes a projection's events into their entities' shards (`EntityJournal.project`):
/// one log entry per shard for each call (more for a shard whose share is over the log's
/// payload limit), through one `ShardClient` per node, so that the projections of every
/// entity on the node share calls to each primary as well.
final class ProjectionWriter: Sendable {
    private let client: ShardClient
    private let layout: ShardLayout
    private let maximumPayloadBytes: Int

    init(system: ClusterSystem, layout: ShardLayout, maximumPayloadBytes: Int) {
        client = ShardClient(system: system, entryPoints: [system.identity.address])
        self.layout = layout
        self.maximumPayloadBytes = maximumPayloadBytes
    }

    /// Writes `events`, each for the entity of type `E` with its key; returns once all are
    /// replicated. Each entry is a write of its own, retried under its own request ID until
    /// `deadline`, so one that reached the log before a lost answer is not written twice.
    func write<E: ShardedEntity>(_ events: [(key: String, event: [UInt8])], to type: E.Type,
                                 requests: RequestIDSource, deadline: Duration) async throws {
        var byShard: [ShardID: [EntityRecord]] = [:]
        for (key, event) in events {
            byShard[layout.shard(forKey: key, region: E.regionIndex(ofKey: key)), default: []]
                .append(EntityRecord(kind: E.kind, key: key, event: event))
        }
        let budget = maximumPayloadBytes - ProjectedEvents.headerBytes
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (shard, records) in byShard {
                var entries: [(payload: [UInt8], request: RequestID)] = []
                var rest = records[...]
                while !rest.isEmpty {
                    let entry = ByteBudget.prefix(rest, budget: budget, size: ProjectedEvents.estimatedBytes(of:))
                    rest = rest[entry.endIndex...]
                    entries.append((ProjectedEvents(Array(entry)).payload, requests.next()))
                }
                // A shard's entries one after another, so an entity's events stay in order.
                group.addTask { [client] in
                    for entry in entries {
                        _ = try await client.write(entry.payload, to: shard, as: entry.request, deadline: deadline)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
