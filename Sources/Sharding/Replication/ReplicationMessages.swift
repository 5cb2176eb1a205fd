import Transport

/// The answer to a write.
public enum WriteOutcome: Hashable, Sendable, Codable {
    /// In the shard's log (on the backup too, under the replicated policy).
    case acknowledged(LogPosition, primary: NodeIdentity)
    /// This node is not the shard's primary; the one it believes is, if any.
    case notPrimary(hint: NodeAddress?)
    /// The shard cannot take writes here right now (taking over, isolated, no backup):
    /// retry after a pause.
    case unavailable(reason: String)
    /// The write itself is wrong (unknown shard, payload too large): do not retry.
    case rejected(reason: String)
}

/// A backup's answer to entries from its primary.
public enum AppendReply: Hashable, Sendable, Codable {
    /// Persisted; the backup's log now ends at this sequence.
    case persisted(upTo: UInt64)
    case refused(AppendDecision)
    /// The backup is isolated and persists nothing.
    case unavailable
}

/// A new backup's answer to one page of an install.
public enum InstallReply: Hashable, Sendable, Codable {
    case installed(ReplicaState)
    /// The backup promised another epoch, or is isolated.
    case refused(promised: ShardEpoch)
    /// The page does not continue the backup's log.
    case gap(expected: UInt64)
}
