import Synchronization

/// Where the outcome of one event in a routing domain's group commit goes: to the call
/// that submitted it alone, or to its place among the outcomes of a batch submitted
/// together (`BatchAnswers`).
struct PendingAnswer: Sendable {
    private enum Target: Sendable {
        case call(CheckedContinuation<SubmitOutcome, any Error>)
        case batch(BatchAnswers, index: Int)
    }

    private let target: Target

    static func call(_ continuation: CheckedContinuation<SubmitOutcome, any Error>) -> PendingAnswer {
        PendingAnswer(target: .call(continuation))
    }

    static func slot(_ index: Int, of batch: BatchAnswers) -> PendingAnswer {
        PendingAnswer(target: .batch(batch, index: index))
    }

    func resume(returning outcome: SubmitOutcome) {
        resume(with: .success(outcome))
    }

    func resume(throwing error: any Error) {
        resume(with: .failure(error))
    }

    private func resume(with result: Result<SubmitOutcome, any Error>) {
        switch target {
        case .call(let continuation): continuation.resume(with: result)
        case .batch(let batch, let index): batch.answer(index, with: result)
        }
    }
}

/// The outcomes of events submitted together, gathered until the last is in and then
/// handed over at once; if any of them failed, the first failure instead. Events of
/// one batch may be answered in different commits, so the gathering outlives each.
final class BatchAnswers: Sendable {
    private struct State {
        var outcomes: [SubmitOutcome?]
        var failure: (any Error)?
        var left: Int
    }

    private let state: Mutex<State>
    private let continuation: CheckedContinuation<[SubmitOutcome], any Error>

    /// `count` must be at least one: an empty batch would never be answered.
    init(count: Int, continuation: CheckedContinuation<[SubmitOutcome], any Error>) {
        precondition(count > 0, "a batch of no events is never answered")
        state = Mutex(State(outcomes: Array(repeating: nil, count: count), failure: nil, left: count))
        self.continuation = continuation
    }

    func answer(_ index: Int, with result: Result<SubmitOutcome, any Error>) {
        let finished: Result<[SubmitOutcome], any Error>? = state.withLock { state in
            switch result {
            case .success(let outcome): state.outcomes[index] = outcome
            case .failure(let error): state.failure = state.failure ?? error
            }
            state.left -= 1
            guard state.left == 0 else { return nil }
            if let failure = state.failure { return .failure(failure) }
            // The commit answers every event exactly once, so no slot is empty here.
            return .success(state.outcomes.map { $0! })
        }
        if let finished { continuation.resume(with: finished) }
    }
}
