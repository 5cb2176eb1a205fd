/// A service-level goal such as "80% answered within 20 s".
public struct ServiceLevelTarget: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The share of contacts to answer within the threshold, 0...1.
    public var fraction: Double
    public var thresholdSeconds: Double

    public init(fraction: Double, thresholdSeconds: Double) throws(DomainError) {
        guard (0...1).contains(fraction), thresholdSeconds > 0 else {
            throw .serviceLevelOutOfRange(fraction: fraction, thresholdSeconds: thresholdSeconds)
        }
        self.fraction = fraction
        self.thresholdSeconds = thresholdSeconds
    }

    /// The industry's classic 80/20.
    public static let eightyTwenty = ServiceLevelTarget(uncheckedFraction: 0.8, thresholdSeconds: 20)

    private init(uncheckedFraction: Double, thresholdSeconds: Double) {
        fraction = uncheckedFraction
        self.thresholdSeconds = thresholdSeconds
    }

    public var description: String { "\(Int((fraction * 100).rounded()))% in \(thresholdSeconds) s" }
}
