import Distributed
import Transport

extension ShardManager {
    /// A takeover of the shard at `epoch` asks this node to promise it. Once promised,
    /// a lower epoch's primary gets nothing persisted here, and this node stops
    /// serving the shard itself if it did.
    public distributed func fence(_ shard: ShardID, epoch: ShardEpoch) throws -> FenceDecision {
        var state = store.state(of: shard)
        guard !view.isolated else { return .refused(promised: state.promised) }
        let decision = state.fence(at: epoch)
        if case .promised = decision {
            try store.save(state, of: shard)
            if let primary = serving[shard], primary.epoch < epoch {
                stopServing(shard, answering: .notPrimary(hint: placement[shard]?.primary))
                // Views disagree for a moment (a join, a leave): if this node still
                // believes it is the primary, it contends again, with backoff, until
                // the views converge and one takeover wins.
                if isPrimary(of: shard) { startTakeover(shard) }
            }
        }
        return decision
    }

    /// Entries from primaries, one append per shard, to persist before they are
    /// acknowledged. Each shard is decided on its own; all accepted entries go into
    /// one WriteBatch.
    public distributed func append(_ appends: [ShardAppend]) throws -> [AppendReply] {
        guard !view.isolated else { return appends.map { _ in .unavailable } }
        var replies: [AppendReply] = []
        var accepted: [(ShardID, [LogEntry], ReplicaState)] = []
        for append in appends {
            var state = accepted.last(where: { $0.0 == append.shard })?.2 ?? store.state(of: append.shard)
            guard append.entries.allSatisfy({ $0.shard == append.shard }) else {
                replies.append(.refused(.notInstalled))
                continue
            }
            guard let first = append.entries.first?.sequence else {
                replies.append(.persisted(upTo: state.lastSequence))
                continue
            }
            let decision = state.decideAppend(epoch: append.epoch, first: first)
            guard case .accept(let skipping) = decision else {
                replies.append(.refused(decision))
                continue
            }
            let fresh = Array(append.entries.dropFirst(Int(min(skipping, UInt64(append.entries.count)))))
            if let last = fresh.last?.sequence {
                state.lastSequence = last
                accepted.append((append.shard, fresh, state))
            }
            replies.append(.persisted(upTo: state.lastSequence))
        }
        #if SWITCHBOARD_BROKEN_BACKUP
        // A deliberately broken build, for showing that the chaos suite catches what it
        // claims to (docs/chaos.md): the backup moves its position on and answers
        // "persisted" but keeps none of the entries, so an acknowledged write lives on
        // the primary alone. Never defined in a real build.
        try store.append(accepted.map { ($0.0, [], $0.2) })
        #else
        try store.append(accepted)
        #endif
        return replies
    }

    /// One page of an install by the shard's new primary of `epoch`, which this node
    /// promised during the takeover's fence. `replace` empties the local copy first;
    /// `complete` marks the copy level with the new primary.
    public distributed func install(_ shard: ShardID, epoch: ShardEpoch, replace: Bool, page: LogPage,
                                    complete: Bool) throws -> InstallReply {
        let entries = page.entries
        guard !view.isolated, store.state(of: shard).promised == epoch else {
            return .refused(promised: store.state(of: shard).promised)
        }
        if replace {
            try store.clear(shard)
        }
        var state = store.state(of: shard)
        if let first = entries.first?.sequence {
            guard first == state.lastSequence + 1, entries.allSatisfy({ $0.shard == shard }) else {
                return .gap(expected: state.lastSequence + 1)
            }
            state.lastSequence = entries[entries.count - 1].sequence
            try store.append(entries, to: shard, state: state)
        }
        if complete {
            state.logEpoch = epoch
            try store.save(state, of: shard)
        }
        return .installed(state)
    }

    /// The primary of `epoch` holds the shard with a backup: a copy here that no
    /// longer belongs to this node may go.
    public distributed func release(_ shard: ShardID, epoch: ShardEpoch) throws {
        guard !view.isolated, !(placement[shard]?.contains(me.address) ?? false), serving[shard] == nil,
              takeovers[shard] == nil, store.state(of: shard).promised <= epoch,
              store.state(of: shard).lastSequence > 0 else { return }
        try store.drop(shard)
        logger.info("dropped a copy this node no longer owns", metadata: ["shard": "\(shard)", "epoch": "\(epoch)"])
    }
}
