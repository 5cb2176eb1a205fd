/// The caller's name for one write, kept with its log entry: a retried write whose
/// first attempt reached the log is answered from the log instead of appended again,
/// so a write is applied at most once however often the caller retries it.
///
/// `client` is chosen at random by each writer; `number` counts that writer's writes.
public struct RequestID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var client: UInt64
    public var number: UInt64

    public init(client: UInt64, number: UInt64) {
        self.client = client
        self.number = number
    }

    public var description: String { "\(String(client, radix: 16)):\(number)" }
}
