import Synchronization

/// The caller's name for one write or one call, the same on every retry of it.
///
/// Kept with a log entry, it lets a retried write whose first attempt reached the log
/// be answered from the log instead of appended again. Passed to an entity method with
/// effects, it lets the entity answer a call an `EntityRef` sent again (after a lost
/// connection, or after the shard moved) from `AnsweredRequests` instead of applying it
/// twice.
///
/// `client` is chosen at random by each caller; `number` counts that caller's requests.
public struct RequestID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var client: UInt64
    public var number: UInt64

    public init(client: UInt64, number: UInt64) {
        self.client = client
        self.number = number
    }

    public var description: String { "\(String(client, radix: 16)):\(number)" }
}

/// Names one caller's requests: a random client number, then a count.
public final class RequestIDSource: Sendable {
    private let client = UInt64.random(in: 1...UInt64.max)
    private let counter = Atomic<UInt64>(0)

    public init() {}

    public func next() -> RequestID {
        RequestID(client: client, number: counter.add(1, ordering: .relaxed).newValue)
    }
}
