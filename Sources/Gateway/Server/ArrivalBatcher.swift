import ContactCenter
import Synchronization

/// New contacts for one routing domain from this gateway, sent many to a call.
///
/// An arrival that finds no call in flight goes at once. One that finds a call in
/// flight waits, and the call, once answered, takes everything waiting (up to
/// `batchLimit`) with it: an idle gateway sends each contact alone, a busy one a few
/// dozen to a call. The domain commits them to its log in one record either way, so
/// batching costs nothing in durability; it saves the remote call, its frames and its
/// tasks per contact. Only when a whole batch is waiting does another call start, up to
/// `maximumCalls`: a domain far away (another region's) is not held to one batch per
/// round trip.
final class ArrivalBatcher: Sendable {
    typealias Send = @Sendable ([ContactArrival]) async throws(Problem) -> [ArrivalOutcome]

    private struct Waiting {
        var arrival: ContactArrival
        var answer: CheckedContinuation<Result<ArrivalOutcome, Problem>, Never>
    }

    private struct State {
        var calls = 0
        var waiting: [Waiting] = []

        mutating func take(_ limit: Int) -> [Waiting] {
            let batch = Array(waiting.prefix(limit))
            waiting.removeFirst(batch.count)
            return batch
        }
    }

    private let state = Mutex(State())
    private let send: Send
    let maximumCalls: Int
    let batchLimit: Int

    init(maximumCalls: Int, batchLimit: Int, send: @escaping Send) {
        precondition(maximumCalls > 0 && batchLimit > 0, "a batcher must be able to send")
        self.maximumCalls = maximumCalls
        self.batchLimit = batchLimit
        self.send = send
    }

    /// Arrivals waiting for a call to take them.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// What became of `arrival`, once the call that carried it is answered.
    func arrive(_ arrival: ContactArrival) async throws(Problem) -> ArrivalOutcome {
        let result = await withCheckedContinuation { answer in
            let batch: [Waiting]? = state.withLock { state in
                state.waiting.append(Waiting(arrival: arrival, answer: answer))
                guard state.calls == 0 || (state.waiting.count >= batchLimit && state.calls < maximumCalls) else {
                    return nil
                }
                state.calls += 1
                return state.take(batchLimit)
            }
            // Detached: the calls outlive this request, and carry other requests' contacts.
            if let batch { Task.detached { await self.call(with: batch) } }
        }
        return try result.get()
    }

    /// Sends `batch`, answers its arrivals, and goes on with whatever waited meanwhile.
    private func call(with batch: [Waiting]) async {
        var batch = batch
        while true {
            let results: [Result<ArrivalOutcome, Problem>]
            do throws(Problem) {
                let outcomes = try await send(batch.map(\.arrival))
                results = outcomes.count == batch.count
                    ? outcomes.map { .success($0) }
                    : Array(repeating: .failure(.unavailable("the routing domain answered \(outcomes.count) of \(batch.count) contacts; retry")), count: batch.count)
            } catch {
                results = Array(repeating: .failure(error), count: batch.count)
            }
            for (waiting, result) in zip(batch, results) { waiting.answer.resume(returning: result) }
            let next: [Waiting]? = state.withLock { state in
                guard !state.waiting.isEmpty else {
                    state.calls -= 1
                    return nil
                }
                return state.take(batchLimit)
            }
            guard let next else { return }
            batch = next
        }
    }
}
