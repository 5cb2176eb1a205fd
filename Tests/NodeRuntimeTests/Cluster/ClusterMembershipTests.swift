import Foundation
import Membership
import NodeRuntime
import Testing
import Transport

/// Membership across real `switchboard node` processes on their own loopback addresses.
///
/// The clusters here probe every 300 ms (ping timeout 150 ms) to keep the suite short;
/// detection bounds scale with the probe interval (docs/membership.md).
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ClusterMembershipTests {
    static let five = ["n1", "n2", "n3", "n4", "n5"]

    @Test func fiveNodesConvergeAndSeeAKillWithinTheBound() async throws {
        try await LocalCluster.with(nodes: 5, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150) { cluster in
            try cluster.startAll()
            let converged = await cluster.waitUntil(timeout: .seconds(20)) {
                await cluster.allSee(Self.five, as: .alive, from: Self.five)
            }
            #expect(converged != nil, "five nodes did not converge on five alive members")

            cluster.process("n3")?.kill9()
            let others = ["n1", "n2", "n4", "n5"]
            let detected = await cluster.waitUntil(timeout: .seconds(15)) {
                await cluster.allSee(["n3"], as: .dead, from: others)
            }
            #expect(detected != nil, "not every member marked the killed node dead")
            // Probe 300 ms: the suspicion timeout plus a probe round is well under 5 s.
            if let detected { #expect(detected < .seconds(8), "detection took \(detected)") }
            for observer in others {
                #expect(await cluster.status(of: observer)?.isolated == false)
            }
        }
    }

    @Test func pausedNodeIsDeclaredDeadAndRejoinsAsANewGeneration() async throws {
        try await LocalCluster.with(nodes: 5, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150) { cluster in
            try cluster.startAll()
            _ = await cluster.waitUntil(timeout: .seconds(20)) { await cluster.allSee(Self.five, as: .alive, from: Self.five) }
            let before = try #require(await cluster.state(of: "n4", seenBy: "n1"))

            cluster.process("n4")?.signal(SIGSTOP)
            let others = ["n1", "n2", "n3", "n5"]
            let dead = await cluster.waitUntil(timeout: .seconds(15)) {
                await cluster.allSee(["n4"], as: .dead, from: others)
            }
            #expect(dead != nil, "the paused node was not declared dead")

            cluster.process("n4")?.signal(SIGCONT)
            let rejoined = await cluster.waitUntil(timeout: .seconds(20)) {
                guard await cluster.allSee(Self.five, as: .alive, from: Self.five) else { return false }
                let after = await cluster.state(of: "n4", seenBy: "n1")
                return (after?.identity.generation ?? 0) > before.identity.generation
            }
            #expect(rejoined != nil, "the resumed node did not rejoin as a new generation")
        }
    }

    @Test func sigtermIsRecordedAsLeftEverywhere() async throws {
        try await LocalCluster.with(nodes: 5, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150) { cluster in
            try cluster.startAll()
            _ = await cluster.waitUntil(timeout: .seconds(20)) { await cluster.allSee(Self.five, as: .alive, from: Self.five) }

            let leaving = try #require(cluster.process("n5"))
            leaving.signal(SIGTERM)
            #expect(await leaving.waitForExit(timeout: .seconds(10)), "SIGTERM did not stop the node")
            let left = await cluster.waitUntil(timeout: .seconds(10)) {
                await cluster.allSee(["n5"], as: .left, from: ["n1", "n2", "n3", "n4"])
            }
            #expect(left != nil, "the others did not record the node as left")
            #expect(leaving.log.contains { $0.contains("left the cluster") })
        }
    }

    /// Cut in the kernel with iptables between the nodes' 127.0.X.N addresses when root
    /// (CI), and through each node's transport fault injection always.
    @Test(arguments: LocalCluster.PartitionMethod.available)
    func minorityStepsDownAndEveryoneAgreesAfterTheHeal(method: LocalCluster.PartitionMethod) async throws {
        try await LocalCluster.with(nodes: 5, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150) { cluster in
            try cluster.startAll()
            _ = await cluster.waitUntil(timeout: .seconds(20)) { await cluster.allSee(Self.five, as: .alive, from: Self.five) }

            // Partition only once every node agrees on all five: a cluster still forming
            // has not agreed on its size yet.
            let agreed = await cluster.waitUntil(timeout: .seconds(20)) {
                for node in Self.five where await cluster.status(of: node)?.agreedMembers != 5 { return false }
                return true
            }
            #expect(agreed != nil, "the nodes did not agree on five members")

            let minority = ["n1", "n2"]
            let majority = ["n3", "n4", "n5"]
            try await cluster.partition(minority, majority, method: method)
            let split = await cluster.waitUntil(timeout: .seconds(20)) {
                for node in minority where await cluster.status(of: node)?.isolated != true { return false }
                for node in majority where await cluster.status(of: node)?.isolated != false { return false }
                return await cluster.allSee(minority, as: .dead, from: majority)
            }
            let afterSplit = await views(of: cluster)
            #expect(split != nil, "the minority did not step down, or the majority did not go on:\n\(afterSplit)")

            await cluster.heal()
            let healed = await cluster.waitUntil(timeout: .seconds(30)) {
                await cluster.allSee(Self.five, as: .alive, from: Self.five)
            }
            let afterHeal = await views(of: cluster)
            #expect(healed != nil, "the views did not converge after the heal:\n\(afterHeal)")
            for node in Self.five {
                #expect(await cluster.status(of: node)?.isolated == false)
            }
        }
    }
}

/// Every node's view and its last log lines, for failure messages.
func views(of cluster: LocalCluster) async -> String {
    var lines: [String] = []
    for node in cluster.names {
        guard let status = await cluster.status(of: node) else {
            lines.append("\(node): no answer")
            continue
        }
        let members = status.members.map { "\($0.member.name)=\($0.member.state)#\($0.member.identity.generation)" }
        lines.append("\(node)\(status.isolated ? " (isolated)" : "") agreed \(status.agreedMembers): \(members.joined(separator: " "))")
    }
    return lines.joined(separator: "\n") + "\n" + cluster.recentLogs(lines: 8) + "\n"
        + cluster.logs(containing: "[Membership]")
}

/// The `switchboard` binary of this build: next to the test bundle, or in `.build/debug`.
let switchboardExecutable: URL = {
    let bundleDirectory = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
        .deletingLastPathComponent()
    let candidates = [bundleDirectory.appendingPathComponent("switchboard"), URL(fileURLWithPath: ".build/debug/switchboard")]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
}()
