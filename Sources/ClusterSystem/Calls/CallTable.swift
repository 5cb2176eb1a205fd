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
        var nextID: UInt64
        var pending: [UInt64: Pending] = [:]
        var deadlines = Heap<Deadline>()
    }

    private let state: Mutex<State>

    /// IDs start at a random point, so a late reply meant for a previous incarnation
    /// of this node (same address, restarted in-process or not) matches no call of
    /// this one.
    init() {
        state = Mutex(State(nextID: UInt64.random(in: 1...(UInt64.max / 2))))
    }

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

    /// Completes call `id` with a reply that came from `sender`, if the call went there:
    /// no other peer can answer a call.
    func completeReply(_ id: UInt64, from sender: NodeAddress, with outcome: ReplyEnvelope.Outcome) {
        let pending = state.withLock { state -> Pending? in
            guard state.pending[id]?.peer == sender else { return nil }
            return state.pending.removeValue(forKey: id)
        }
        pending?.continuation.resume(returning: outcome)
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

    /// Fails every call in flight to `peer` — only those meant for `generation`, or for
    /// whichever incarnation is up (generation 0), when a generation is given.
    func failAll(to peer: NodeAddress, generation: UInt64? = nil, with error: RemoteCallError) -> Int {
        let failed = state.withLock { state -> [Pending] in
            let ids = state.pending.filter { id, pending in
                guard pending.peer == peer else { return false }
                guard let generation else { return true }
                return pending.actor.node.generation == 0 || pending.actor.node.generation == generation
            }.map(\.key)
            return ids.compactMap { state.pending.removeValue(forKey: $0) }
        }
        for pending in failed {
            pending.continuation.resume(throwing: error)
        }
        return failed.count
    }

    /// Fails every call still waiting, when the system shuts down.
    func failEverything(with error: RemoteCallError) {
        let failed = state.withLock { state -> [Pending] in
            defer { state.pending.removeAll() }
            return Array(state.pending.values)
        }
        for pending in failed {
            pending.continuation.resume(throwing: error)
        }
    }

    var count: Int { state.withLock { $0.pending.count } }
}
