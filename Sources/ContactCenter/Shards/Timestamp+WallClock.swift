import Foundation

/// The wall clock, for the shells: the entities that stamp events before they are
/// recorded, and the gateway. The routing core itself never reads it.
extension Timestamp {
    public static var now: Timestamp { Timestamp(seconds: Date().timeIntervalSince1970) }
}
