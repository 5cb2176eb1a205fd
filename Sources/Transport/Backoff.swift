/// Exponential reconnect backoff: `initial`, doubled per consecutive failure, capped at `maximum`.
///
/// Pure: the caller counts failures and owns the clock.
public struct Backoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait before the next attempt after `failures` consecutive failures (≥ 1).
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 1 else { return initial }
        var delay = initial
        for _ in 1..<min(failures, 32) {
            delay = delay * 2
            if delay >= maximum { return maximum }
        }
        return delay
    }

    func validate() throws(SettingsError) {
        guard initial > .zero, maximum >= initial else {
            throw SettingsError(key: "reconnectBackoff", value: "\(initial)...\(maximum)",
                                expected: "0 < initial <= maximum")
        }
    }
}
