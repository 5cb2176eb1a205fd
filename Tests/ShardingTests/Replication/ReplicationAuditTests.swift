import Sharding
import Testing
import Transport

/// The audit must be able to fail: each test breaks one promise and expects it caught.
@Suite struct ReplicationAuditTests {
    let shard = ShardID(3)
    let n1 = NodeIdentity(address: NodeAddress(host: "127.0.0.2", port: 7000), generation: 1)
    let n2 = NodeIdentity(address: NodeAddress(host: "127.0.0.3", port: 7000), generation: 1)

    func entry(_ sequence: UInt64, epoch: UInt64 = 1, by origin: NodeIdentity? = nil) -> LogEntry {
        LogEntry(shard: shard, epoch: ShardEpoch(epoch), sequence: sequence, origin: origin ?? n1,
                 request: RequestID(client: 1, number: sequence), payload: [UInt8(sequence)])
    }

    func record(_ entry: LogEntry, writer: Int = 0) -> WriteRecord {
        WriteRecord(writer: writer, request: entry.request, payload: entry.payload,
                    acknowledgement: Acknowledgement(shard: shard, position: entry.position, primary: entry.origin, attempts: 1))
    }

    func copy(_ node: String, _ entries: [LogEntry], logEpoch: UInt64 = 1) -> ShardCopy {
        ShardCopy(node: node, shard: shard,
                  replica: ReplicaState(promised: ShardEpoch(logEpoch), logEpoch: ShardEpoch(logEpoch),
                                        lastSequence: UInt64(entries.count)),
                  entries: entries)
    }

    @Test func aFaithfulLogPasses() {
        let log = (1...5).map { entry($0) }
        let audit = ReplicationAudit(records: log.map { record($0) }, copies: [copy("n1", log), copy("n2", Array(log.prefix(3)))])
        #expect(audit.passed, "\(audit)")
        #expect(audit.acknowledged == 5)
    }

    @Test func anAcknowledgedWriteMissingFromTheNewestCopyIsLost() {
        let log = (1...5).map { entry($0) }
        // The newest copy (a later epoch) was rebuilt without entry 5.
        let rebuilt = Array(log.prefix(4))
        let audit = ReplicationAudit(records: log.map { record($0) }, copies: [copy("n1", log), copy("n2", rebuilt, logEpoch: 2)])
        #expect(audit.lost == [log[4].request])
        #expect(!audit.passed)
    }

    @Test func aWriteTwiceInTheLogIsDuplicated() {
        var log = (1...3).map { entry($0) }
        var again = entry(4)
        again.request = log[1].request
        again.payload = log[1].payload
        log.append(again)
        let audit = ReplicationAudit(records: [record(log[1])], copies: [copy("n1", log)])
        #expect(audit.duplicated == [log[1].request])
    }

    @Test func writesOfOneWriterOutOfTheirIssueOrderAreCaught() {
        let log = (1...3).map { entry($0) }
        let audit = ReplicationAudit(records: [record(log[2]), record(log[1])], copies: [copy("n1", log)])
        #expect(audit.outOfOrder == [log[1].request])
    }

    @Test func twoNodesAcceptingWritesInOneEpochIsAConflict() {
        let log = [entry(1, by: n1), entry(2, by: n2)]
        let audit = ReplicationAudit(records: [], copies: [copy("n1", log)])
        #expect(audit.epochConflicts.count == 1)
    }

    @Test func aBackupThatDivergedFromItsPrimaryIsABrokenLog() {
        let log = (1...3).map { entry($0) }
        var other = log
        other[1].payload = [99]
        let audit = ReplicationAudit(records: [], copies: [copy("n1", log), copy("n2", Array(other.prefix(2)))])
        #expect(audit.brokenLogs.count == 1)
    }
}
