/// A point in time, in seconds since an epoch the caller chooses (the Unix epoch in a live
/// shell, 0 in a simulation). The routing core never reads a clock: every event carries one
/// of these, so the same events at the same timestamps always give the same decisions.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var seconds: Double

    public init(seconds: Double) { self.seconds = seconds }

    public static let zero = Timestamp(seconds: 0)

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    /// This moment moved by `seconds`.
    public static func + (lhs: Timestamp, seconds: Double) -> Timestamp { Timestamp(seconds: lhs.seconds + seconds) }

    /// The seconds from `rhs` to `lhs`.
    public static func - (lhs: Timestamp, rhs: Timestamp) -> Double { lhs.seconds - rhs.seconds }

    public var description: String { "t=\(seconds)s" }
}
