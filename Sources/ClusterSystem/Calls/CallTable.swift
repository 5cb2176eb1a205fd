import HeapModule
import NIOCore
import Synchronization
import Transport

/// Remote calls waiting for their reply. Each call completes exactly once: by its
/// reply, its deadline, its cancellation, or the loss of its peer — whichever comes first.
///
/// Deadlines sit in a min-heap that one periodic sweep drains, instead of a timer
/// per call: scheduling and cancelling a timer on the event loop from a caller's
/// thread costs two cross-thread wake-ups per call, the dominant cost of a small call.
final class CallTable: Sendable {
    struct Pending {
        var continuation: CheckedContinuation<ReplyEnvelope.Outcome, any Error>
        var peer: NodeAddress
        var target: String
        var actor: ClusterActorID
        var timeout: Duration
    }

    private struct Deadline: Comparable {
        var instant: NIODeadline
        var callID: UInt64

        static func < (lhs: Deadline, rhs: Deadline) -> Bool {
            (lhs.instant, lhs.callID) < (rhs.instant, rhs.callID)
        }
    }

    private struct State {
        var nextID: UInt64 = 1
        var pending: [UInt64: Pending] = [:]
        var deadlines = Heap<Deadline>()
    }

    private let state = Mutex(State())

    func makeID() -> UInt64 {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    func register(_ id: UInt64, _ pending: Pending, deadline: NIODeadline) {
        state.withLock { state in
            state.pending[id] = pending
            state.deadlines.insert(Deadline(instant: deadline, callID: id))
        }
    }

    func complete(_ id: UInt64, with result: Result<ReplyEnvelope.Outcome, any Error>) {
        guard let pending = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
        pending.continuation.resume(with: result)
    }

    /// Fails every call whose deadline is at or before `now`.
    func expire(now: NIODeadline) {
        let expired = state.withLock { state -> [Pending] in
            var expired: [Pending] = []
            while let first = state.deadlines.min, first.instant <= now {
                state.deadlines.removeMin()
                // Calls that completed otherwise left their deadline behind; skip those.
                if let pending = state.pending.removeValue(forKey: first.callID) { expired.append(pending) }
            }
            return expired
        }
        for pending in expired {
            pending.continuation.resume(throwing: RemoteCallError.timeout(
                target: pending.target, actor: pending.actor, after: pending.timeout))
        }
    }

    /// Fails every call in flight to `peer`.
    func failAll(to peer: NodeAddress, with error: RemoteCallError) -> Int {
        let failed = state.withLock { state -> [Pending] in
            let ids = state.pending.filter { $0.value.peer == peer }.map(\.key)
            return ids.compactMap { state.pending.removeValue(forKey: $0) }
        }
        for pending in failed {
            pending.continuation.resume(throwing: error)
        }
        return failed.count
    }

    var count: Int { state.withLock { $0.pending.count } }
}
