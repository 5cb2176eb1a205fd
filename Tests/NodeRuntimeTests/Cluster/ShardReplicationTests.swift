import ClusterSystem
import Foundation
import NodeRuntime
import Sharding
import Testing
import Transport

/// Replication across real `switchboard node` processes, judged from the writers' own
/// records and the logs read from every node's RocksDB after the run — never from
/// what the cluster says about itself.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct ShardReplicationTests {
    static let three = ["n1", "n2", "n3"]

    /// Waits until `nodes` see each other alive and every shard has a serving primary.
    func expectServing(_ cluster: LocalCluster, _ nodes: [String], _ when: String) async {
        let serving = await cluster.waitUntil(timeout: .seconds(30)) {
            guard await cluster.allSee(nodes, as: .alive, from: nodes) else { return false }
            return await cluster.allShardsServing(among: nodes, shardCount: .standard)
        }
        if serving == nil {
            Issue.record("not every shard was served \(when):\n\(await views(of: cluster))")
        }
    }

    /// Waits until every one of `nodes` agrees on exactly them: keep-majority counts
    /// members towards a majority only after a stable window (docs/membership.md),
    /// and a failure injected before that can isolate the wrong side.
    func expectAgreed(_ cluster: LocalCluster, _ nodes: [String]) async {
        let agreed = await cluster.waitUntil(timeout: .seconds(30)) {
            for node in nodes where await cluster.status(of: node)?.agreedMembers != nodes.count { return false }
            return true
        }
        if agreed == nil {
            Issue.record("the nodes did not agree on \(nodes):\n\(await views(of: cluster))")
        }
    }

    /// `switchboard ctl shards --json`, as an operator runs it, until it shows every
    /// shard served (a backup that changed as the views settled is taken over again).
    func expectCtlShardsShowsEveryShardServed(_ cluster: LocalCluster) async throws {
        for _ in 0..<20 {
            if try ctlShards(cluster).allSatisfy({ $0.state == "serving" && $0.primary != nil && $0.epoch >= 1 }) {
                return
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        Issue.record("ctl shards did not show every shard served: \(try ctlShards(cluster).filter { $0.state != "serving" })")
    }

    struct CtlShard: Decodable {
        var shard: UInt32
        var state: String
        var primary: String?
        var epoch: UInt64
    }

    func ctlShards(_ cluster: LocalCluster) throws -> [CtlShard] {
        let process = Process()
        process.executableURL = switchboardExecutable
        process.arguments = ["ctl", "shards", "--node", "\(cluster.addresses["n1"]!)", "--cluster", cluster.name, "--json"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        struct Report: Decodable {
            var isolated: Bool
            var shards: [CtlShard]
        }
        let report = try JSONDecoder().decode(Report.self, from: data)
        #expect(!report.isolated)
        #expect(report.shards.map(\.shard) == Array(0..<64))
        return report.shards
    }

    @Test func acknowledgedWritesSurviveAKillARestartAJoinAndALeave() async throws {
        try await LocalCluster.with(nodes: 4, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150) { cluster in
            for node in Self.three { try cluster.start(node) }
            await expectServing(cluster, Self.three, "after the start")
            try await expectCtlShardsShowsEveryShardServed(cluster)
            await expectAgreed(cluster, Self.three)

            let entryPoints = Self.three.compactMap { cluster.addresses[$0] }
            let load = WriteLoad(client: ShardClient(system: cluster.client, entryPoints: entryPoints), shardCount: .standard)
            let writing = Task { await load.run(writers: 8, seed: 42, writeDeadline: .seconds(20)) }
            try await Task.sleep(for: .seconds(1))

            cluster.process("n2")?.kill9()
            let dead = await cluster.waitUntil(timeout: .seconds(15)) { await cluster.allSee(["n2"], as: .dead, from: ["n1", "n3"]) }
            #expect(dead != nil, "n2 was not declared dead")
            await expectServing(cluster, ["n1", "n3"], "after n2 died")
            try cluster.start("n2")
            await expectServing(cluster, Self.three, "after n2 restarted")

            try cluster.start("n4")
            await expectServing(cluster, cluster.names, "after n4 joined")
            await cluster.stop("n4")
            await expectServing(cluster, Self.three, "after n4 left")
            try await Task.sleep(for: .seconds(1))

            load.stop()
            await writing.value
            for node in cluster.names { await cluster.stop(node) }
            let copies = try cluster.names.flatMap { try cluster.shardCopies(of: $0) }
            let audit = ReplicationAudit(records: load.records, copies: copies)
            #expect(audit.passed, "\(audit)")
            #expect(load.records.count >= 50, "only \(load.records.count) writes were acknowledged")
            // Shards moved: more than one epoch was served, by more than one node.
            #expect(Set(load.records.map(\.acknowledgement.primary)).count >= 3)
        }
    }

    @Test(arguments: LocalCluster.PartitionMethod.available)
    func aPartitionedPrimaryCannotGetAWriteAcknowledged(method: LocalCluster.PartitionMethod) async throws {
        try await LocalCluster.with(nodes: 3, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150) { cluster in
            try cluster.startAll()
            await expectServing(cluster, Self.three, "after the start")
            await expectAgreed(cluster, Self.three)
            let n1 = try #require(cluster.addresses["n1"])
            let shard = try #require(await cluster.shards(of: "n1")?.first { $0.role == .primary }?.shard)

            try await cluster.partition(["n1"], ["n2", "n3"], method: method)
            // Straight to the cut-off primary, for longer than it takes to notice it is
            // isolated: not one write may come back acknowledged.
            let cutOff = try ShardManager.resolve(id: .wellKnown(ShardManager.path, on: n1), using: cluster.client)
            var outcomes: [String] = []
            var acknowledged = 0
            let until = ContinuousClock.now + .seconds(5)
            var number: UInt64 = 0
            while ContinuousClock.now < until {
                number += 1
                let outcome = try? await ClusterSystem.withCallTimeout(.seconds(2)) {
                    try await cutOff.write(shard, request: RequestID(client: 99, number: number), payload: [1])
                }
                if case .acknowledged = outcome { acknowledged += 1 }
                outcomes.append(outcome.map { "\($0)" } ?? "no answer")
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(acknowledged == 0, "the minority acknowledged writes: \(outcomes)")
            #expect(number >= 3)

            // The majority takes the shard over and acknowledges writes to it.
            let majority = ShardClient(system: cluster.client, entryPoints: ["n2", "n3"].compactMap { cluster.addresses[$0] })
            let ack = try await majority.write([2], to: shard, as: RequestID(client: 98, number: 1), deadline: .seconds(20))
            #expect(ack.primary.address != n1)
            await cluster.heal()
        }
    }

    @Test func aPausedPrimaryCannotGetAWriteAcknowledgedAfterItResumes() async throws {
        try await LocalCluster.with(nodes: 3, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150) { cluster in
            try cluster.startAll()
            await expectServing(cluster, Self.three, "after the start")
            await expectAgreed(cluster, Self.three)
            let n1 = try #require(cluster.addresses["n1"])
            let shard = try #require(await cluster.shards(of: "n1")?.first { $0.role == .primary }?.shard)

            // The write reaches n1 while it is stopped and waits in its socket.
            cluster.process("n1")?.signal(SIGSTOP)
            let paused = try ShardManager.resolve(id: .wellKnown(ShardManager.path, on: n1), using: cluster.client)
            let pending = Task {
                try await ClusterSystem.withCallTimeout(.seconds(40)) {
                    try await paused.write(shard, request: RequestID(client: 77, number: 1), payload: [7])
                }
            }
            // Meanwhile the others declare n1 dead and take its shard over.
            let dead = await cluster.waitUntil(timeout: .seconds(15)) { await cluster.allSee(["n1"], as: .dead, from: ["n2", "n3"]) }
            #expect(dead != nil, "n1 was not declared dead")
            let majority = ShardClient(system: cluster.client, entryPoints: ["n2", "n3"].compactMap { cluster.addresses[$0] })
            let taken = try await majority.write([8], to: shard, as: RequestID(client: 78, number: 1), deadline: .seconds(20))
            #expect(taken.primary.address != n1)

            // n1 resumes believing it is still the primary: the write it now handles
            // must not come back acknowledged.
            cluster.process("n1")?.signal(SIGCONT)
            switch await pending.result {
            case .success(.acknowledged(let position, let primary)):
                Issue.record("the resumed primary acknowledged a write at \(position) as \(primary)")
            case .success:
                break // refused: its backup persists nothing for it any more
            case .failure(let error):
                Issue.record("the resumed primary did not answer: \(error)")
            }
        }
    }
}
