import Synchronization
import ClusterSystem
import Distributed
import ClusterTestKit
import Foundation
import Testing
import Transport

/// Remote calls between this test process and real `switchboard peer` processes on loopback.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct RemoteCallTests {
    @Test func resultsTravelBothWays() async throws {
        let peer = try PeerProcess(address: Loopback.address())
        let system = try await makeLocalSystem()
        defer { Task { await system.shutdown() } }
        let remote = try TestPeer.on(peer.address, using: system)

        #expect(__isRemoteActor(remote))
        #expect(try await remote.echo("你好, switchboard") == "你好, switchboard")
        #expect(try await remote.add(40, 2) == 42)
        let record = TestRecord(name: "q-vip", count: -7, ratio: 0.8, tags: ["voice", "chat"], note: nil,
                                scores: ["a": 1, "b": 2],
                                nested: [TestRecord(name: "inner", count: 1, ratio: .infinity, tags: [],
                                                    note: "x", scores: [:], nested: [])])
        #expect(try await remote.roundTrip(record) == record)
        #expect(try await remote.identity().address == peer.address)
    }

    @Test func thrownErrorsArriveTyped() async throws {
        let peer = try PeerProcess(address: Loopback.address())
        let system = try await makeLocalSystem()
        defer { Task { await system.shutdown() } }
        let remote = try TestPeer.on(peer.address, using: system)

        do {
            try await remote.fail("queue is closed")
            Issue.record("expected a thrown error")
        } catch let RemoteCallError.remote(typeName, message) {
            #expect(typeName.hasSuffix("TestPeerError"))
            #expect(message.contains("queue is closed"))
        }
        // The connection survives a thrown error.
        #expect(try await remote.add(1, 1) == 2)
    }

    @Test func unknownActorIsNotFound() async throws {
        let peer = try PeerProcess(address: Loopback.address())
        let system = try await makeLocalSystem()
        defer { Task { await system.shutdown() } }
        let missing = try TestPeer.resolve(id: .wellKnown("/test/nobody", on: peer.address), using: system)

        await #expect(throws: RemoteCallError.actorNotFound(missing.id)) {
            _ = try await missing.echo("anyone?")
        }
    }

    @Test func deadlineEndsASlowCall() async throws {
        let peer = try PeerProcess(address: Loopback.address())
        let system = try await makeLocalSystem()
        defer { Task { await system.shutdown() } }
        let remote = try TestPeer.on(peer.address, using: system)
        _ = try await remote.echo("warm up")

        let clock = ContinuousClock()
        let start = clock.now
        await #expect {
            try await ClusterSystem.withCallTimeout(.milliseconds(200)) {
                _ = try await remote.sleep(milliseconds: 5_000)
            }
        } throws: { error in
            guard case RemoteCallError.timeout(_, _, let after) = error else { return false }
            return after == .milliseconds(200)
        }
        #expect(clock.now - start < .seconds(2))
        #expect(system.callsInFlight == 0)
    }

    @Test func defaultDeadlineAppliesWithoutOverride() async throws {
        let peer = try PeerProcess(address: Loopback.address())
        let system = try await makeLocalSystem(defaultCallTimeout: .milliseconds(300))
        defer { Task { await system.shutdown() } }
        let remote = try TestPeer.on(peer.address, using: system)
        _ = try await remote.echo("warm up")

        await #expect {
            _ = try await remote.sleep(milliseconds: 5_000)
        } throws: { error in
            if case RemoteCallError.timeout = error { true } else { false }
        }
    }

    @Test func killedPeerFailsCallsInFlightPromptly() async throws {
        let peer = try PeerProcess(address: Loopback.address())
        let system = try await makeLocalSystem(defaultCallTimeout: .seconds(30))
        defer { Task { await system.shutdown() } }
        let remote = try TestPeer.on(peer.address, using: system)
        _ = try await remote.echo("warm up")

        let clock = ContinuousClock()
        let killedAt = Mutex<ContinuousClock.Instant?>(nil)
        let failures = try await withThrowingTaskGroup(of: (any Error)?.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        _ = try await remote.sleep(milliseconds: 20_000)
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(system.callsInFlight == 8)
            killedAt.withLock { $0 = clock.now }
            peer.kill9()
            return try await group.reduce(into: [any Error]()) { if let error = $1 { $0.append(error) } }
        }
        let elapsed = clock.now - (killedAt.withLock { $0 } ?? clock.now)

        #expect(failures.count == 8)
        for failure in failures {
            guard case RemoteCallError.peerUnreachable(let node, _) = failure else {
                Issue.record("expected peerUnreachable, got \(failure)")
                continue
            }
            #expect(node == peer.address)
        }
        // Far below the 30 s call timeout: the lost connection failed them.
        #expect(elapsed < .seconds(2))
    }

    @Test func restartedPeerIsANewIncarnation() async throws {
        let address = Loopback.address()
        var peer = try PeerProcess(address: address, generation: 1)
        let system = try await makeLocalSystem(defaultCallTimeout: .seconds(30))
        defer { Task { await system.shutdown() } }
        let remote = try TestPeer.on(address, using: system)
        let first = try await remote.identity()
        #expect(first.generation == 1)
        let pinned = try TestPeer.resolve(id: ClusterActorID(node: first, path: TestPeer.path), using: system)

        let inFlight = Task { try await remote.sleep(milliseconds: 20_000) }
        try await Task.sleep(for: .milliseconds(200))
        peer.kill9()
        await #expect(throws: RemoteCallError.self) { _ = try await inFlight.value }

        peer = try PeerProcess(address: address, generation: 2)
        // New calls succeed once the reconnect backoff has passed.
        let second = try await eventually { try await remote.identity() }
        #expect(second.generation == 2)
        #expect(second.address == first.address)
        // An ID pinned to the old incarnation is gone, not silently served by the new one.
        await #expect(throws: RemoteCallError.actorNotFound(pinned.id)) { _ = try await pinned.echo("old") }
        _ = peer
    }

    @Test func threeProcessesRelayCalls() async throws {
        let b = try PeerProcess(address: Loopback.address())
        let c = try PeerProcess(address: Loopback.address())
        let system = try await makeLocalSystem()
        defer { Task { await system.shutdown() } }

        let viaB = try TestPeer.on(b.address, using: system)
        #expect(try await viaB.relay("hello", via: c.address) == "\(b.address) → hello")
        let viaC = try TestPeer.on(c.address, using: system)
        #expect(try await viaC.relay("back", via: b.address) == "\(c.address) → back")
    }

    @Test func pipelinedCallsAllComplete() async throws {
        let peer = try PeerProcess(address: Loopback.address())
        let system = try await makeLocalSystem()
        defer { Task { await system.shutdown() } }
        let remote = try TestPeer.on(peer.address, using: system)

        let sum = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<2_000 {
                group.addTask { try await remote.add(index, 1) }
            }
            return try await group.reduce(0, +)
        }
        #expect(sum == (0..<2_000).reduce(0, +) + 2_000)
        #expect(system.callsInFlight == 0)
    }
}

/// Retries `operation` until it succeeds or `timeout` passes, for conditions that become true
/// after a reconnect backoff.
func eventually<T>(timeout: Duration = .seconds(10), _ operation: () async throws -> T) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    while true {
        do {
            return try await operation()
        } catch {
            guard ContinuousClock.now < deadline else { throw error }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
