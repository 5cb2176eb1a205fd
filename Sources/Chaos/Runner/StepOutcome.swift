/// What an agent or customer knows after asking the API to do one thing, retrying while
/// answers are missing or say "try again": done, refused, or unsure — a refusal that
/// followed an unheard or 5xx attempt may only mean that attempt applied.
enum StepOutcome: Equatable, Sendable {
    case confirmed
    case refused
    case unsure

    /// Folds the statuses of successive attempts (0: no answer) into an outcome; nil while
    /// another attempt is worth making.
    static func after(_ statuses: [Int]) -> StepOutcome? {
        guard let last = statuses.last else { return nil }
        if (200..<300).contains(last) { return .confirmed }
        let retryable = last == 0 || last == 429 || last >= 500
        if retryable { return nil }
        return statuses.dropLast().isEmpty ? .refused : .unsure
    }
}
