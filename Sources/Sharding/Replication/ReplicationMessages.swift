import Transport

/// One write for a shard's primary.
public struct ShardWrite: Hashable, Sendable, Codable {
    public var shard: ShardID
    public var request: RequestID
    public var payload: [UInt8]

    public init(shard: ShardID, request: RequestID, payload: [UInt8]) {
        self.shard = shard
        self.request = request
        self.payload = payload
    }
}

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

/// Entries of one shard for its backup, part of a group-commit round.
public struct ShardAppend: Hashable, Sendable, Codable {
    public var shard: ShardID
    public var epoch: ShardEpoch
    public var entries: [LogEntry]

    public init(shard: ShardID, epoch: ShardEpoch, entries: [LogEntry]) {
        self.shard = shard
        self.epoch = epoch
        self.entries = entries
    }

    private enum CodingKeys: String, CodingKey {
        case shard, epoch, entries
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        shard = try container.decode(ShardID.self, forKey: .shard)
        epoch = try container.decode(ShardEpoch.self, forKey: .epoch)
        entries = try container.decode(LogPage.self, forKey: .entries).entries
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(shard, forKey: .shard)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(LogPage(entries), forKey: .entries)
    }
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
