/// What one node holds of one shard: the pure core of replication.
///
/// - `promised`: the highest epoch this node has agreed to serve under. A takeover
///   raises it on every live replica before the new primary serves (a fence), and
///   the node refuses anything from a lower epoch from then on.
/// - `logEpoch`: the epoch of the primary this copy was last brought level with.
///   Two copies with the same `logEpoch` are prefixes of that primary's log, so the
///   shorter one can catch up from a tail; otherwise it needs the whole log.
///   `.none` while a whole-log install is half done, so such a copy is never a source.
/// - `lastSequence`: the highest sequence in the local log.
public struct ReplicaState: Hashable, Sendable, Codable, CustomStringConvertible {
    public var promised: ShardEpoch
    public var logEpoch: ShardEpoch
    public var lastSequence: UInt64

    public init(promised: ShardEpoch = .none, logEpoch: ShardEpoch = .none, lastSequence: UInt64 = 0) {
        self.promised = promised
        self.logEpoch = logEpoch
        self.lastSequence = lastSequence
    }

    public static let empty = ReplicaState()

    public var description: String {
        "promised \(promised), log \(logEpoch) up to #\(lastSequence)"
    }

    /// Whether this copy holds more than another, for choosing a catch-up source: a
    /// later `logEpoch` wins, then a longer log.
    public func isAhead(of other: ReplicaState) -> Bool {
        (logEpoch, lastSequence) > (other.logEpoch, other.lastSequence)
    }

    /// Whether this copy can become `source` by appending `source`'s entries after
    /// `lastSequence`; otherwise it must be replaced by the whole log.
    public func canCatchUpByTail(from source: ReplicaState) -> Bool {
        logEpoch != .none && logEpoch == source.logEpoch && lastSequence <= source.lastSequence
    }

    // MARK: - Decisions

    /// A takeover asks to fence the shard at `epoch`.
    public mutating func fence(at epoch: ShardEpoch) -> FenceDecision {
        guard epoch > promised else { return .refused(promised: promised) }
        promised = epoch
        return .promised(self)
    }

    /// The primary of `epoch` sends entries `first...` (first = their lowest sequence).
    public func decideAppend(epoch: ShardEpoch, first: UInt64) -> AppendDecision {
        if epoch < promised { return .fenced(promised: promised) }
        if epoch > promised || logEpoch != epoch { return .notInstalled }
        if first > lastSequence + 1 { return .gap(expected: lastSequence + 1) }
        return .accept(skipping: lastSequence + 1 - first)
    }
}

/// The answer to a fence request.
public enum FenceDecision: Hashable, Sendable, Codable {
    /// The epoch is promised; the state is this replica's copy after the promise.
    case promised(ReplicaState)
    /// A takeover at this or a higher epoch already happened or is under way.
    case refused(promised: ShardEpoch)
}

/// What a replica does with entries from a primary.
public enum AppendDecision: Hashable, Sendable, Codable {
    /// Persist them, after dropping the first `skipping` (already held: a resend).
    case accept(skipping: UInt64)
    /// A newer primary took over: the sender is deposed and must stop serving.
    case fenced(promised: ShardEpoch)
    /// This replica was not installed as the backup of that epoch.
    case notInstalled
    /// Entries are missing in between: the primary must reinstall this backup.
    case gap(expected: UInt64)
}
