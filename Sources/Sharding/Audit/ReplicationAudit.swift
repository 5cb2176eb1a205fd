import Transport

/// Checks the replication promises from independent records, Jepsen-style: the
/// writers' own logs of acknowledged writes against the logs read from every node's
/// data directory.
///
/// - every acknowledged write is in its shard's newest copy exactly once, at the
///   position it was acknowledged with;
/// - a writer's writes to one shard sit in the order it issued them;
/// - the newest copy numbers its entries 1, 2, 3… without gaps, and every other copy
///   of the same log epoch is a prefix of it;
/// - no two nodes accepted writes for one shard in one epoch, neither in any node's
///   log nor in the acknowledgements the writers received.
public struct ReplicationAudit: Sendable, Equatable, CustomStringConvertible {
    public private(set) var acknowledged = 0
    public private(set) var lost: [RequestID] = []
    /// The first few losses with what the newest copy held instead.
    public private(set) var lostDetails: [String] = []
    public private(set) var duplicated: [RequestID] = []
    public private(set) var misplaced: [RequestID] = []
    public private(set) var outOfOrder: [RequestID] = []
    public private(set) var brokenLogs: [String] = []
    public private(set) var epochConflicts: [String] = []

    public var passed: Bool {
        lost.isEmpty && duplicated.isEmpty && misplaced.isEmpty && outOfOrder.isEmpty
            && brokenLogs.isEmpty && epochConflicts.isEmpty
    }

    public init(records: [WriteRecord], copies: [ShardCopy]) {
        acknowledged = records.count
        let byShard = Dictionary(grouping: copies, by: \.shard)
        var newest: [ShardID: ShardCopy] = [:]
        for (shard, shardCopies) in byShard {
            let best = shardCopies.max { a, b in
                b.replica.isAhead(of: a.replica) || (a.replica == b.replica && a.node > b.node)
            }!
            newest[shard] = best
            checkLog(best)
            for other in shardCopies where other.node != best.node
                && other.replica.logEpoch == best.replica.logEpoch && other.replica.logEpoch != .none {
                if !best.entries.starts(with: other.entries) {
                    brokenLogs.append("\(shard): \(other.node)'s copy is not a prefix of \(best.node)'s")
                }
            }
        }
        checkWrites(records, against: newest)
        checkEpochs(records: records, copies: copies)
    }

    private mutating func checkLog(_ copy: ShardCopy) {
        for (index, entry) in copy.entries.enumerated() where entry.sequence != UInt64(index + 1) {
            brokenLogs.append("\(copy.shard) on \(copy.node): entry \(index + 1) has sequence \(entry.sequence)")
            return
        }
        if UInt64(copy.entries.count) != copy.replica.lastSequence {
            brokenLogs.append("\(copy.shard) on \(copy.node): \(copy.entries.count) entries, state says \(copy.replica.lastSequence)")
        }
    }

    private mutating func checkWrites(_ records: [WriteRecord], against newest: [ShardID: ShardCopy]) {
        var occurrences: [ShardID: [RequestID: [LogEntry]]] = [:]
        for (shard, copy) in newest {
            occurrences[shard] = Dictionary(grouping: copy.entries, by: \.request)
        }
        for record in records {
            let found = occurrences[record.acknowledgement.shard]?[record.request] ?? []
            switch found.count {
            case 0:
                lost.append(record.request)
                if lostDetails.count < 5 {
                    let copy = newest[record.acknowledgement.shard]
                    lostDetails.append("lost \(record.request) acknowledged at \(record.acknowledgement.shard) "
                        + "\(record.acknowledgement.position) by \(record.acknowledgement.primary); newest copy on "
                        + "\(copy?.node ?? "no node"): \(copy.map { "\($0.replica)" } ?? "none")")
                }
            case 1:
                if found[0].position != record.acknowledgement.position || found[0].payload != record.payload {
                    misplaced.append(record.request)
                }
            default: duplicated.append(record.request)
            }
        }
        // Records arrive in each writer's issue order.
        var lastSequence: [Int: [ShardID: UInt64]] = [:]
        for record in records {
            let shard = record.acknowledgement.shard
            let sequence = record.acknowledgement.position.sequence
            if let previous = lastSequence[record.writer]?[shard], previous >= sequence {
                outOfOrder.append(record.request)
            }
            lastSequence[record.writer, default: [:]][shard] = sequence
        }
    }

    private mutating func checkEpochs(records: [WriteRecord], copies: [ShardCopy]) {
        var origins: [ShardID: [ShardEpoch: Set<NodeIdentity>]] = [:]
        for copy in copies {
            for entry in copy.entries {
                origins[copy.shard, default: [:]][entry.epoch, default: []].insert(entry.origin)
            }
        }
        for record in records {
            let ack = record.acknowledgement
            origins[ack.shard, default: [:]][ack.position.epoch, default: []].insert(ack.primary)
        }
        for (shard, epochs) in origins.sorted(by: { $0.key < $1.key }) {
            for (epoch, nodes) in epochs where nodes.count > 1 {
                epochConflicts.append("\(shard) \(epoch) accepted by \(nodes.map { "\($0)" }.sorted().joined(separator: " and "))")
            }
        }
    }

    public var description: String {
        var lines = ["\(acknowledged) acknowledged writes: \(lost.count) lost, \(duplicated.count) duplicated, "
            + "\(misplaced.count) misplaced, \(outOfOrder.count) out of order; "
            + "\(brokenLogs.count) broken logs, \(epochConflicts.count) epoch conflicts"]
        lines += (lostDetails + brokenLogs + epochConflicts).prefix(10).map { "  \($0)" }
        return lines.joined(separator: "\n")
    }
}
