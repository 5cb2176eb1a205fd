import Transport

/// One state change of a shard, in the shard's replicated log.
///
/// `sequence` numbers a shard's entries from 1 without gaps across epochs; `epoch`
/// and `origin` say which primary accepted the write, so a checker reading every
/// node's log can prove that no two nodes accepted writes for one shard in one epoch.
public struct LogEntry: Hashable, Sendable, Codable {
    public var shard: ShardID
    public var epoch: ShardEpoch
    public var sequence: UInt64
    /// The primary that accepted the write.
    public var origin: NodeIdentity
    public var request: RequestID
    public var payload: [UInt8]

    public init(shard: ShardID, epoch: ShardEpoch, sequence: UInt64, origin: NodeIdentity,
                request: RequestID, payload: [UInt8]) {
        self.shard = shard
        self.epoch = epoch
        self.sequence = sequence
        self.origin = origin
        self.request = request
        self.payload = payload
    }

    /// Where the entry sits in the log: what a caller gets back as its acknowledgement.
    public var position: LogPosition {
        LogPosition(epoch: epoch, sequence: sequence)
    }
}

/// An entry's place in its shard's log.
public struct LogPosition: Hashable, Sendable, Codable, CustomStringConvertible {
    public var epoch: ShardEpoch
    public var sequence: UInt64

    public init(epoch: ShardEpoch, sequence: UInt64) {
        self.epoch = epoch
        self.sequence = sequence
    }

    public var description: String { "\(epoch)#\(sequence)" }
}
