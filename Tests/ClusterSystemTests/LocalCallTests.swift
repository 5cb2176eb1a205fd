import ClusterSystem
import Distributed
import ClusterTestKit
import Testing
import Transport

struct LocalCallTests {
    @Test func localActorsAreCalledDirectly() async throws {
        let system = try await makeLocalSystem()
        defer { Task { await system.shutdown() } }
        let local = system.makeWellKnown(TestPeer.path) { TestPeer(actorSystem: system) }

        let resolved = try TestPeer.on(system.identity.address, using: system)
        #expect(!__isRemoteActor(resolved))
        #expect(resolved === local)
        // Even with this node cut off from itself, local calls work: they never reach the transport.
        system.transport.faults.partition(from: system.identity.address)
        #expect(try await resolved.add(2, 3) == 5)
        #expect(system.callsInFlight == 0)
    }

    /// A replaced well-known actor resigns its ID; the path must stay with its successor.
    @Test func replacingAWellKnownActorKeepsThePath() async throws {
        let system = try await makeLocalSystem()
        defer { Task { await system.shutdown() } }
        _ = system.makeWellKnown(TestPeer.path) { TestPeer(actorSystem: system) }
        let second = system.makeWellKnown(TestPeer.path) { TestPeer(actorSystem: system) }
        let resolved = try TestPeer.on(system.identity.address, using: system)
        #expect(resolved === second)
        #expect(try await resolved.add(1, 2) == 3)
    }

    @Test func unknownLocalPathThrows() async throws {
        let system = try await makeLocalSystem()
        defer { Task { await system.shutdown() } }
        let id = ClusterActorID.wellKnown("/test/nobody", on: system.identity.address)
        #expect(throws: RemoteCallError.actorNotFound(id)) { _ = try TestPeer.resolve(id: id, using: system) }
    }

    @Test func diagnosticsAnswerOnEveryNode() async throws {
        let a = try await makeLocalSystem()
        let b = try await makeLocalSystem()
        defer { Task { await a.shutdown(); await b.shutdown() } }
        let remote = try NodeDiagnostics.on(b.identity.address, using: a)
        #expect(try await remote.ping() == b.identity)
        #expect(try await remote.echo([1, 2, 3]) == [1, 2, 3])
    }

    /// Past its limit of calls in progress a node answers `overloaded` and runs nothing.
    @Test func callsPastTheLimitAreRefusedNotQueued() async throws {
        let caller = try await makeLocalSystem()
        let callee = try await makeLocalSystemWith(maximumCallsInProgress: 2)
        defer { Task { await caller.shutdown(); await callee.shutdown() } }
        _ = callee.makeWellKnown(TestPeer.path) { TestPeer(actorSystem: callee) }
        let remote = try TestPeer.on(callee.identity.address, using: caller)
        _ = try await remote.echo("connect")

        let slow = (0..<2).map { _ in Task { try await remote.sleep(milliseconds: 1_000) } }
        try await Task.sleep(for: .milliseconds(300))
        await #expect(throws: RemoteCallError.overloaded(remote.id)) { _ = try await remote.echo("one too many") }
        for call in slow { #expect(try await call.value == 1_000) }
        #expect(try await remote.echo("room again") == "room again")
    }

    @Test func unreachableNodeFailsFast() async throws {
        let a = try await makeLocalSystem(defaultCallTimeout: .seconds(30))
        defer { Task { await a.shutdown() } }
        let nobody = try NodeDiagnostics.on(Loopback.address(), using: a)
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: RemoteCallError.self) { _ = try await nobody.ping() }
        // Refused at once by the kernel; the bound only has to be far below the call's
        // 30 s deadline. It leaves room for the two cooperative threads being busy with
        // the suites that run beside this one (3.5 s was seen under the full suite).
        #expect(clock.now - start < .seconds(10))
    }

    @Test func partitionedPeerTimesOutAndConnectionIsDeclaredDead() async throws {
        let a = try await makeLocalSystem(defaultCallTimeout: .seconds(30)) { settings in
            settings.heartbeatInterval = .milliseconds(100)
            settings.idleTimeout = .milliseconds(500)
        }
        let b = try await makeLocalSystem()
        defer { Task { await a.shutdown(); await b.shutdown() } }
        let remote = try NodeDiagnostics.on(b.identity.address, using: a)
        // With a 500 ms idle timeout, a first connection made while the suites beside this
        // one keep the cooperative threads busy can be declared dead before it is used.
        #expect(try await eventually { try await remote.ping() } == b.identity)

        // Cut b → a only: a's calls reach b, but b's replies and heartbeats vanish.
        a.transport.faults.partition(from: b.identity.address, direction: .inbound)
        let clock = ContinuousClock()
        let start = clock.now
        await #expect {
            _ = try await remote.ping()
        } throws: { error in
            if case RemoteCallError.peerUnreachable = error { true } else { false }
        }
        #expect(clock.now - start < .seconds(3), "the idle timeout, not the 30 s call timeout, ended the call")

        a.transport.faults.heal(b.identity.address)
        #expect(try await eventually { try await remote.ping() } == b.identity)
    }
}
