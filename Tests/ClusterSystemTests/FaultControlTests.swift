import ClusterSystem
import ClusterTestKit
import Testing
import Transport

/// Faults injected into another process through `/system/faults`.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct FaultControlTests {
    /// As a chaos runner does it: this process cuts the link between two other nodes.
    @Test func remotePartitionCutsTwoNodesApartAndHealRestoresThem() async throws {
        let a = try PeerProcess(address: Loopback.address())
        let b = try PeerProcess(address: Loopback.address())
        let system = try await makeLocalSystem()
        defer { Task { await system.shutdown() } }
        let viaA = try TestPeer.on(a.address, using: system)
        #expect(try await viaA.relay("before", via: b.address) == "\(a.address) → before")

        let faultsOfA = try FaultControl.on(a.address, using: system)
        try await faultsOfA.partition(from: b.address, direction: .both)
        await #expect(throws: RemoteCallError.self) {
            // A's call to B inherits this 1 s deadline and cannot get through.
            _ = try await ClusterSystem.withCallTimeout(.seconds(1)) { try await viaA.relay("during", via: b.address) }
        }
        #expect(try await viaA.echo("A still serves us") == "A still serves us")

        try await faultsOfA.healAll()
        #expect(try await eventually { try await viaA.relay("after", via: b.address) } == "\(a.address) → after")
    }

    @Test func nodesWithoutRemoteControlDoNotHostIt() async throws {
        let a = try await makeLocalSystem()
        let b = try await makeLocalSystem()
        defer { Task { await a.shutdown(); await b.shutdown() } }
        let faults = try FaultControl.on(b.identity.address, using: a)
        await #expect(throws: RemoteCallError.actorNotFound(faults.id)) { try await faults.healAll() }
    }

    @Test func badValuesAreRefused() async throws {
        let peer = try PeerProcess(address: Loopback.address())
        let system = try await makeLocalSystem()
        defer { Task { await system.shutdown() } }
        let faults = try FaultControl.on(peer.address, using: system)
        await #expect(throws: RemoteCallError.self) { try await faults.setLoss(to: system.identity.address, probability: 1.5) }
    }
}
