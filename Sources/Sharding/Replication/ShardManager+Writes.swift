import ClusterSystem
import Distributed
import Synchronization
import Transport

extension ShardManager {
    /// Appends `payload` to the shard's log as the write `request`.
    ///
    /// Writes are group-committed: each round takes what is queued for every shard
    /// this node serves, writes it in one WriteBatch here, sends each backup node one
    /// append for all of its shards, and answers once they are persisted. A write
    /// already in the log (a retry) is answered with its position instead.
    public distributed func write(_ shard: ShardID, request: RequestID, payload: [UInt8]) async -> WriteOutcome {
        let write = ShardWrite(shard: shard, request: request, payload: payload)
        if case .answered(let outcome) = admit(write) { return outcome }
        return await withCheckedContinuation { reply in
            enqueue(write) { reply.resume(returning: $0) }
        }
    }

    /// Several writes in one call, answered in order: what `ShardClient` sends, so
    /// that concurrent writers share a call as well as a group-commit round.
    public distributed func write(_ batch: ShardWrites) async -> WriteOutcomes {
        let writes = batch.writes
        guard writes.count <= Self.maximumWritesPerCall else {
            let refusal = WriteOutcome.rejected(reason: "\(writes.count) writes in one call; at most \(Self.maximumWritesPerCall)")
            return WriteOutcomes(writes.map { _ in refusal })
        }
        var outcomes = [WriteOutcome?](repeating: nil, count: writes.count)
        var queued: [Int] = []
        for (index, write) in writes.enumerated() {
            switch admit(write) {
            case .answered(let outcome): outcomes[index] = outcome
            case .queue: queued.append(index)
            }
        }
        if !queued.isEmpty {
            let answers = await withCheckedContinuation { done in
                let collector = OutcomeCollector(expected: queued.count, done: done)
                for index in queued {
                    enqueue(writes[index]) { collector.deliver(index, $0) }
                }
            }
            for (index, outcome) in answers { outcomes[index] = outcome }
        }
        return WriteOutcomes(outcomes.map { $0 ?? .unavailable(reason: "not answered") })
    }

    /// Bounds the work one call can queue on a node.
    public static let maximumWritesPerCall = 4_096

    private enum Admission {
        case answered(WriteOutcome)
        case queue
    }

    /// Answers a write at once when it cannot or need not be queued.
    private func admit(_ write: ShardWrite) -> Admission {
        let shard = write.shard
        guard settings.shardCount.contains(shard) else {
            return .answered(.rejected(reason: "\(shard) does not exist: the cluster has \(settings.shardCount.value) shards"))
        }
        guard write.payload.count <= settings.maximumPayloadBytes else {
            return .answered(.rejected(reason: "payload of \(write.payload.count) bytes is over the \(settings.maximumPayloadBytes)-byte limit"))
        }
        guard let primary = serving[shard] else {
            if view.isolated { return .answered(.unavailable(reason: "node isolated from the majority")) }
            if isPrimary(of: shard) { return .answered(.unavailable(reason: "taking \(shard) over")) }
            return .answered(.notPrimary(hint: placement[shard]?.primary))
        }
        if primary.queued.contains(write.request) {
            return .answered(.unavailable(reason: "write \(write.request) is in flight"))
        }
        do {
            if let entry = try store.entry(for: write.request, in: shard) {
                // A retry of a write already in the log: answered as the primary that
                // accepted it answered, once it is replicated.
                let replicated = settings.acknowledgement == .primaryOnly || primary.backup == nil
                    || entry.sequence <= primary.backupSequence
                return .answered(replicated ? .acknowledged(entry.position, primary: entry.origin)
                    : .unavailable(reason: "write \(write.request) is in flight"))
            }
        } catch {
            return .answered(.unavailable(reason: "storage: \(error)"))
        }
        return .queue
    }

    /// Queues an admitted write for the next group-commit round.
    private func enqueue(_ write: ShardWrite, reply: @escaping @Sendable (WriteOutcome) -> Void) {
        guard serving[write.shard]?.queued.contains(write.request) == false else {
            // The same request twice in one call: the second waits for the first's answer by retrying.
            reply(.unavailable(reason: "write \(write.request) is in flight"))
            return
        }
        serving[write.shard]?.queue.append(PendingWrite(request: write.request, payload: write.payload, reply: reply))
        serving[write.shard]?.queued.insert(write.request)
        if !committing {
            committing = true
            // Detached from this call: the rounds outlive it and must not inherit its deadline.
            Task.detached { [self] in await self.commitRounds() }
        }
    }

    /// Runs group-commit rounds until nothing is queued. One round at a time, so
    /// each shard's entries reach its backup in sequence order.
    func commitRounds() async {
        while let round = takeRound() {
            do {
                try store.append(round.map { ($0.shard, $0.entries, $0.state) })
            } catch {
                logger.error("log append failed", metadata: ["error": "\(error)"])
                for batch in round {
                    answer(batch.writes, with: .unavailable(reason: "storage: \(error)"))
                    giveUp(batch.shard, epoch: batch.epoch, because: "storage failed")
                }
                continue
            }
            for batch in round { letGoOfProjectedEntities(batch.writes) }
            let early = settings.acknowledgement == .primaryOnly
            for batch in round where early || batch.backup == nil {
                answer(batch.writes, with: batch.acknowledgements(by: me))
            }
            let replicated = round.filter { $0.backup != nil }
            let replies = await replicate(replicated)
            for batch in replicated {
                let reply = replies[batch.shard] ?? nil
                guard serving[batch.shard]?.epoch == batch.epoch else {
                    // Deposed while the backup was asked: the entries may or may not
                    // survive in the next primary's log, and a retry finds them if they do.
                    if !early { answer(batch.writes, with: .unavailable(reason: "\(batch.shard) moved; retry")) }
                    continue
                }
                if case .persisted(let upTo) = reply {
                    serving[batch.shard]?.backupSequence = upTo
                    if !early { answer(batch.writes, with: batch.acknowledgements(by: me)) }
                } else {
                    let why = reply.map { "backup answered \($0)" } ?? "backup unreachable"
                    if !early { answer(batch.writes, with: .unavailable(reason: why)) }
                    giveUp(batch.shard, epoch: batch.epoch, because: why)
                }
            }
        }
        committing = false
    }

    /// Dequeues up to `maximumBatch` writes of each served shard, within the byte
    /// budget for the round, and numbers them.
    private func takeRound() -> [ShardBatch]? {
        var round: [ShardBatch] = []
        var roundBytes = 0
        // Each round starts one shard further on, so that when the byte budget cuts a
        // round short it is not always the same shards that wait.
        let shards = serving.keys.sorted()
        roundStart = shards.isEmpty ? 0 : (roundStart + 1) % shards.count
        for shard in shards[roundStart...] + shards[..<roundStart] {
            guard var primary = serving[shard], !primary.queue.isEmpty else { continue }
            // A round goes to each backup as one message: it stops growing at the
            // byte budget, and what is left waits for the next round.
            guard roundBytes < ByteBudget.perMessage else { break }
            let writes = Array(ByteBudget.prefix(primary.queue.prefix(settings.maximumBatch),
                                                 budget: ByteBudget.perMessage - roundBytes) { $0.payload.count + 48 })
            roundBytes += writes.reduce(0) { $0 + $1.payload.count + 48 }
            primary.queue.removeFirst(writes.count)
            primary.queued.subtract(writes.map(\.request))
            serving[shard] = primary
            var state = store.state(of: shard)
            let entries = writes.enumerated().map { offset, write in
                LogEntry(shard: shard, epoch: primary.epoch, sequence: state.lastSequence + 1 + UInt64(offset),
                         origin: me, request: write.request, payload: write.payload)
            }
            state.lastSequence += UInt64(entries.count)
            round.append(ShardBatch(shard: shard, epoch: primary.epoch, backup: primary.backup, writes: writes,
                                    entries: entries, state: state))
        }
        return round.isEmpty ? nil : round
    }

    /// Sends each backup node one append for all of its shards in the round.
    private func replicate(_ batches: [ShardBatch]) async -> [ShardID: AppendReply?] {
        let system = actorSystem
        let timeout = settings.replicationTimeout
        let byBackup = Dictionary(grouping: batches) { $0.backup! }
        return await withTaskGroup(of: [ShardID: AppendReply?].self) { group in
            for (backup, batches) in byBackup {
                let appends = batches.map { ShardAppend(shard: $0.shard, epoch: $0.epoch, entries: $0.entries) }
                group.addTask {
                    do {
                        let remote = try ShardManager.resolve(id: .wellKnown(Self.path, on: backup.address), using: system)
                        let replies = try await ClusterSystem.withCallTimeout(timeout) { try await remote.append(appends) }
                        return Dictionary(uniqueKeysWithValues: zip(appends.map(\.shard), replies.map(Optional.some)))
                    } catch {
                        return Dictionary(uniqueKeysWithValues: appends.map { ($0.shard, nil) })
                    }
                }
            }
            return await group.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
        }
    }

    private func answer(_ writes: [PendingWrite], with outcome: WriteOutcome) {
        for write in writes {
            write.reply(outcome)
        }
    }

    private func answer(_ writes: [PendingWrite], with outcomes: [WriteOutcome]) {
        for (write, outcome) in zip(writes, outcomes) {
            write.reply(outcome)
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

/// One shard's part of a group-commit round.
struct ShardBatch {
    var shard: ShardID
    var epoch: ShardEpoch
    var backup: NodeIdentity?
    var writes: [PendingWrite]
    var entries: [LogEntry]
    /// The shard's replica state once the entries are in.
    var state: ReplicaState

    func acknowledgements(by primary: NodeIdentity) -> [WriteOutcome] {
        entries.map { .acknowledged($0.position, primary: primary) }
    }
}

/// Gathers the answers to one call's queued writes, which arrive from different
/// rounds, and resumes the call when the last one is in.
final class OutcomeCollector: Sendable {
    private let state: Mutex<(answers: [(Int, WriteOutcome)], expected: Int)>
    private let done: CheckedContinuation<[(Int, WriteOutcome)], Never>

    init(expected: Int, done: CheckedContinuation<[(Int, WriteOutcome)], Never>) {
        state = Mutex(([], expected))
        self.done = done
    }

    func deliver(_ index: Int, _ outcome: WriteOutcome) {
        let complete: [(Int, WriteOutcome)]? = state.withLock { state in
            state.answers.append((index, outcome))
            return state.answers.count == state.expected ? state.answers : nil
        }
        if let complete { done.resume(returning: complete) }
    }
}
