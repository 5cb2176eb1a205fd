import ClusterSystem
import ClusterTestKit
import Distributed
import Synchronization
import Testing
import Transport

/// Actors started by the first call that names them (`ClusterSystem.activateOnDemand`), as
/// sharded entities are, between two systems in this process over loopback TCP.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct OnDemandActivationTests {
    static let prefix = "/test/lazy/"

    final class Count: Sendable {
        private let value = Mutex(0)
        var current: Int { value.withLock { $0 } }
        func increment() { value.withLock { $0 += 1 } }
    }

    /// A callee that starts a `TestPeer` for any path under `prefix`, counting activations.
    static func makeCallee(activations: Count = Count()) async throws -> ClusterSystem {
        let callee = try await makeLocalSystem()
        callee.activateOnDemand { [weak callee] path in
            guard let callee, path.hasPrefix(Self.prefix) else { return nil }
            activations.increment()
            return callee.makeWellKnown(path) { TestPeer(actorSystem: callee) }
        }
        return callee
    }

    @Test func theFirstCallStartsTheActorAndLaterCallsFindIt() async throws {
        let activations = Count()
        let callee = try await Self.makeCallee(activations: activations)
        let caller = try await makeLocalSystem()
        defer { Task { await caller.shutdown(); await callee.shutdown() } }

        let lazy = try TestPeer.resolve(id: .wellKnown(Self.prefix + "a", on: callee.identity.address), using: caller)
        #expect(try await lazy.echo("first") == "first")
        #expect(try await lazy.add(2, 3) == 5)
        #expect(activations.current == 1)

        let outside = try TestPeer.resolve(id: .wellKnown("/test/elsewhere", on: callee.identity.address), using: caller)
        await #expect(throws: RemoteCallError.actorNotFound(outside.id)) {
            _ = try await outside.echo("anyone?")
        }
        #expect(activations.current == 1)
    }

    /// Each activation used to cost more than the one before it: the activator sat bare in
    /// a `Mutex`, and every read wrapped it in two more reabstraction thunks, which every
    /// later activation walked. After 5,000 activations, a call that activates is timed
    /// against a call to an actor already running, in alternation so that the machine's
    /// load weighs on both alike. In a debug build the activating calls took 3.1 times as
    /// long before the fix, and 1.01 times after it (also with two CPU hogs running).
    @Test func activationsDoNotSlowLaterActivations() async throws {
        let callee = try await Self.makeCallee()
        let caller = try await makeLocalSystem()
        defer { Task { await caller.shutdown(); await callee.shutdown() } }
        let address = callee.identity.address
        let running = try TestPeer.resolve(id: .wellKnown(Self.prefix + "running", on: address), using: caller)
        _ = try await running.add(0, 0)
        for index in 0..<5_000 {
            let peer = try TestPeer.resolve(id: .wellKnown(Self.prefix + "\(index)", on: address), using: caller)
            _ = try await peer.add(index, 1)
        }
        let clock = ContinuousClock()
        var activating = Duration.zero
        var found = Duration.zero
        let sample = 300
        for index in 0..<sample {
            let fresh = try TestPeer.resolve(id: .wellKnown(Self.prefix + "late-\(index)", on: address), using: caller)
            var start = clock.now
            #expect(try await fresh.add(index, 1) == index + 1)
            activating += clock.now - start
            start = clock.now
            #expect(try await running.add(index, 2) == index + 2)
            found += clock.now - start
        }
        #expect(activating < found * 2, "\(sample) activating calls took \(activating), \(sample) calls to a running actor \(found)")
    }
}
