import Transport

/// The pauses of a caller retrying until a deadline: Transport's `Backoff` doubling,
/// with ±50 % jitter so callers that failed together do not retry together, and
/// never past the deadline.
struct RetryPause {
    private let backoff: Backoff
    private var failures = 0
    let deadline: ContinuousClock.Instant

    init(initial: Duration = .milliseconds(10), maximum: Duration = .milliseconds(200), deadline: ContinuousClock.Instant) {
        backoff = Backoff(initial: initial, maximum: maximum)
        self.deadline = deadline
    }

    var expired: Bool { ContinuousClock.now >= deadline }

    /// Sleeps the next pause; false if the task was cancelled.
    mutating func wait() async -> Bool {
        failures += 1
        let pause = backoff.delay(afterFailures: failures) * Double.random(in: 0.5...1.5)
        do {
            try await Task.sleep(until: min(.now + pause, deadline))
            return true
        } catch {
            return false
        }
    }
}
