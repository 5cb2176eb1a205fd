/// A queue's running totals for the current statistics period, updated by the engine on
/// each event in O(1).
struct QueueCounters {
    var offered = 0
    var answered = 0
    var answeredWithinThreshold = 0
    var abandoned = 0
    var overflowedIn = 0
    var overflowedOut = 0
    var maxWaitExceeded = 0
    var handled = 0
    var answerWaitSeconds = 0.0
    var handleSeconds = 0.0
}

extension QueueCounters {
    /// A contact was answered after waiting `wait` seconds, against the queue's service-level
    /// threshold. One access to the queue's record, as `AgentRecord`'s transitions are.
    mutating func noteAnswered(afterWaiting wait: Double, threshold: Double) {
        answered += 1
        answerWaitSeconds += wait
        if wait <= threshold { answeredWithinThreshold += 1 }
    }

    /// A contact was handled for `seconds` (conversation and wrap-up, or until handed on).
    mutating func noteHandled(for seconds: Double) {
        handled += 1
        handleSeconds += seconds
    }
}
