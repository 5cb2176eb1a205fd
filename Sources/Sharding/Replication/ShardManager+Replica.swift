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
            }
        }
        return decision
    }

    /// Entries from the shard's primary of `epoch`, to persist before it acknowledges them.
    public distributed func append(_ shard: ShardID, epoch: ShardEpoch, entries: [LogEntry]) throws -> AppendReply {
        guard !view.isolated else { return .unavailable }
        guard let first = entries.first?.sequence else { return .persisted(upTo: store.state(of: shard).lastSequence) }
        var state = store.state(of: shard)
        let decision = state.decideAppend(epoch: epoch, first: first)
        guard case .accept(let skipping) = decision else { return .refused(decision) }
        let fresh = entries.dropFirst(Int(min(skipping, UInt64(entries.count))))
        guard let last = fresh.last?.sequence else { return .persisted(upTo: state.lastSequence) }
        state.lastSequence = last
        try store.append(Array(fresh), to: shard, state: state)
        return .persisted(upTo: last)
    }

    /// One page of an install by the shard's new primary of `epoch`, which this node
    /// promised during the takeover's fence. `replace` empties the local copy first;
    /// `complete` marks the copy level with the new primary.
    public distributed func install(_ shard: ShardID, epoch: ShardEpoch, replace: Bool, entries: [LogEntry],
                                    complete: Bool) throws -> InstallReply {
        guard !view.isolated, store.state(of: shard).promised == epoch else {
            return .refused(promised: store.state(of: shard).promised)
        }
        if replace {
            try store.clear(shard)
        }
        var state = store.state(of: shard)
        if let first = entries.first?.sequence {
            guard first == state.lastSequence + 1 else { return .gap(expected: state.lastSequence + 1) }
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
