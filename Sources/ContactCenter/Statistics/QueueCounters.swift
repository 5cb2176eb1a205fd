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
