import NIOCore
import Synchronization
import Transport

/// Remote calls waiting for their reply. Each call completes exactly once: by its
/// reply, its deadline, its cancellation, or the loss of its peer — whichever comes first.
final class CallTable: Sendable {
    private struct Pending {
        var continuation: CheckedContinuation<ReplyEnvelope.Outcome, any Error>
        var peer: NodeAddress
        var timeout: Scheduled<Void>?
    }

    private struct State {
        var nextID: UInt64 = 1
        var pending: [UInt64: Pending] = [:]
    }

    private let state = Mutex(State())

    func makeID() -> UInt64 {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    func register(_ id: UInt64, peer: NodeAddress,
                  continuation: CheckedContinuation<ReplyEnvelope.Outcome, any Error>) {
        state.withLock { $0.pending[id] = Pending(continuation: continuation, peer: peer) }
    }

    /// Attaches the deadline timer, unless the call already completed.
    func setTimeout(_ id: UInt64, _ timeout: Scheduled<Void>) {
        let attached = state.withLock { state in
            guard state.pending[id] != nil else { return false }
            state.pending[id]?.timeout = timeout
            return true
        }
        if !attached { timeout.cancel() }
    }

    func complete(_ id: UInt64, with result: Result<ReplyEnvelope.Outcome, any Error>) {
        guard let pending = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
        pending.timeout?.cancel()
        pending.continuation.resume(with: result)
    }

    /// Fails every call in flight to `peer`.
    func failAll(to peer: NodeAddress, with error: RemoteCallError) -> Int {
        let failed = state.withLock { state -> [Pending] in
            let ids = state.pending.filter { $0.value.peer == peer }.map(\.key)
            return ids.compactMap { state.pending.removeValue(forKey: $0) }
        }
        for pending in failed {
            pending.timeout?.cancel()
            pending.continuation.resume(throwing: error)
        }
        return failed.count
    }

    var count: Int { state.withLock { $0.pending.count } }
}
