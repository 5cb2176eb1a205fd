/// A token bucket (rate and burst), pure: time is passed in.
///
/// Each tenant has its own, so one tenant's spike spends only its own tokens and
/// cannot starve another's admission.
public struct TokenBucket: Sendable, Equatable {
    public let ratePerSecond: Double
    public let burst: Double
    private(set) var tokens: Double
    private var updatedAt: Double

    public init(ratePerSecond: Double, burst: Double, now: Double) {
        precondition(ratePerSecond > 0 && burst >= 1, "a bucket needs a positive rate and room for one request")
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        tokens = burst
        updatedAt = now
    }

    /// Takes one token if there is one; otherwise says how long until there will be.
    public mutating func take(now: Double) -> Admission {
        refill(now: now)
        if tokens >= 1 {
            tokens -= 1
            return .admitted
        }
        return .refused(retryAfterSeconds: (1 - tokens) / ratePerSecond)
    }

    private mutating func refill(now: Double) {
        guard now > updatedAt else { return }
        tokens = min(burst, tokens + (now - updatedAt) * ratePerSecond)
        updatedAt = now
    }
}

public enum Admission: Sendable, Equatable {
    case admitted
    case refused(retryAfterSeconds: Double)
}
