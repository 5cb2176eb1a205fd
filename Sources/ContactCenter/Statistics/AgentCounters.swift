/// An agent's running totals for the current statistics period. Time is split as it passes
/// into staffed (available, or holding a contact) and busy (holding a contact): each change
/// of status or load first books the time since the last change, so the figures are exact
/// at every event without a periodic sweep.
struct AgentCounters {
    var handled = 0
    var handleSeconds = 0.0
    var staffedSeconds = 0.0
    var busySeconds = 0.0
    var lastChange: Double

    init(at time: Double) { lastChange = time }

    /// Books the time since the last change under the agent's condition during it.
    mutating func book(until time: Double, staffed: Bool, busy: Bool) {
        let elapsed = max(0, time - lastChange)
        if staffed { staffedSeconds += elapsed }
        if busy { busySeconds += elapsed }
        lastChange = max(lastChange, time)
    }
}
