import ClusterSystem
import Distributed
import Transport

extension ShardManager {
    /// Appends `payload` to the shard's log as the write `request`.
    ///
    /// Concurrent writes to a shard share one batch: one WriteBatch here, one append
    /// on the backup. A write already in the log (a retry) is answered with its
    /// position instead of being appended again.
    public distributed func write(_ shard: ShardID, request: RequestID, payload: [UInt8]) async -> WriteOutcome {
        guard settings.shardCount.contains(shard) else {
            return .rejected(reason: "\(shard) does not exist: the cluster has \(settings.shardCount.value) shards")
        }
        guard payload.count <= settings.maximumPayloadBytes else {
            return .rejected(reason: "payload of \(payload.count) bytes is over the \(settings.maximumPayloadBytes)-byte limit")
        }
        guard let primary = serving[shard] else {
            if view.isolated { return .unavailable(reason: "node isolated from the majority") }
            if isPrimary(of: shard) { return .unavailable(reason: "taking \(shard) over") }
            return .notPrimary(hint: placement[shard]?.primary)
        }
        if primary.queued.contains(request) {
            return .unavailable(reason: "write \(request) is in flight")
        }
        do {
            if let entry = try store.entry(for: request, in: shard) {
                // A retry of a write already in the log: answered as the primary that
                // accepted it answered, once it is replicated.
                let replicated = settings.acknowledgement == .primaryOnly || primary.backup == nil
                    || entry.sequence <= primary.backupSequence
                return replicated ? .acknowledged(entry.position, primary: entry.origin)
                    : .unavailable(reason: "write \(request) is in flight")
            }
        } catch {
            return .unavailable(reason: "storage: \(error)")
        }
        return await withCheckedContinuation { continuation in
            serving[shard]?.queue.append(PendingWrite(request: request, payload: payload, continuation: continuation))
            serving[shard]?.queued.insert(request)
            if serving[shard]?.flushing == false {
                serving[shard]?.flushing = true
                // Detached from this call: the flush outlives it and must not inherit its deadline.
                Task.detached { [self, epoch = primary.epoch] in await self.flush(shard, epoch: epoch) }
            }
        }
    }

    /// Writes queued batches of the shard until its queue is empty or it stops serving
    /// at `epoch`: one flush per epoch, so entries reach the backup in sequence order.
    func flush(_ shard: ShardID, epoch: ShardEpoch) async {
        while var primary = serving[shard], primary.epoch == epoch, !primary.queue.isEmpty {
            let batch = Array(primary.queue.prefix(settings.maximumBatch))
            primary.queue.removeFirst(batch.count)
            primary.queued.subtract(batch.map(\.request))
            serving[shard] = primary

            var state = store.state(of: shard)
            let entries = batch.enumerated().map { offset, write in
                LogEntry(shard: shard, epoch: epoch, sequence: state.lastSequence + 1 + UInt64(offset),
                         origin: me, request: write.request, payload: write.payload)
            }
            state.lastSequence += UInt64(entries.count)
            do {
                try store.append(entries, to: shard, state: state)
            } catch {
                logger.error("log append failed", metadata: ["shard": "\(shard)", "error": "\(error)"])
                answer(batch, with: .unavailable(reason: "storage: \(error)"))
                giveUp(shard, epoch: epoch, because: "storage failed")
                return
            }
            let acknowledgement = entries.map { WriteOutcome.acknowledged($0.position, primary: me) }
            guard let backup = primary.backup else {
                answer(batch, with: acknowledgement)
                continue
            }
            let early = settings.acknowledgement == .primaryOnly
            if early { answer(batch, with: acknowledgement) }

            let reply = await replicate(entries, of: shard, epoch: epoch, to: backup)
            guard serving[shard]?.epoch == epoch else {
                // Deposed while the backup was asked: the entries may or may not
                // survive in the next primary's log, and a retry finds them if they do.
                if !early { answer(batch, with: .unavailable(reason: "\(shard) moved; retry")) }
                return
            }
            if case .persisted(let upTo) = reply {
                serving[shard]?.backupSequence = upTo
                if !early { answer(batch, with: acknowledgement) }
            } else {
                let why = reply.map { "backup answered \($0)" } ?? "backup unreachable"
                if !early { answer(batch, with: .unavailable(reason: why)) }
                giveUp(shard, epoch: epoch, because: why)
                return
            }
        }
        if serving[shard]?.epoch == epoch {
            serving[shard]?.flushing = false
        }
    }

    private func replicate(_ entries: [LogEntry], of shard: ShardID, epoch: ShardEpoch,
                           to backup: NodeIdentity) async -> AppendReply? {
        do {
            let remote = try ShardManager.resolve(id: .wellKnown(Self.path, on: backup.address), using: actorSystem)
            return try await ClusterSystem.withCallTimeout(settings.replicationTimeout) {
                try await remote.append(shard, epoch: epoch, entries: entries)
            }
        } catch {
            logger.warning("replication failed", metadata: ["shard": "\(shard)", "backup": "\(backup)", "error": "\(error)"])
            return nil
        }
    }

    private func answer(_ batch: [PendingWrite], with outcome: WriteOutcome) {
        for write in batch {
            write.continuation.resume(returning: outcome)
        }
    }

    private func answer(_ batch: [PendingWrite], with outcomes: [WriteOutcome]) {
        for (write, outcome) in zip(batch, outcomes) {
            write.continuation.resume(returning: outcome)
        }
    }

    /// Stops serving the shard at `epoch` and, while placement still makes this node
    /// its primary, takes it over again under a new epoch: a fresh fence and a
    /// reinstalled backup settle whatever the failed step left behind.
    func giveUp(_ shard: ShardID, epoch: ShardEpoch, because reason: String) {
        guard serving[shard]?.epoch == epoch else { return }
        logger.warning("giving up the shard's epoch", metadata: ["shard": "\(shard)", "epoch": "\(epoch)", "reason": "\(reason)"])
        stopServing(shard, answering: .unavailable(reason: "\(shard) is being taken over again"))
        if isPrimary(of: shard) {
            startTakeover(shard)
        }
    }
}
