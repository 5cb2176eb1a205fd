/// Per-tenant admission limits of one gateway node.
///
/// Defaults suit the three-node loopback cluster: 2,000 requests/s per tenant per node
/// with a burst of 4,000 and at most 512 in flight, so one tenant cannot hold every
/// worker of the node while another's requests wait; and 1,000 open event streams.
public struct AdmissionSettings: Sendable, Equatable {
    public var requestsPerSecond: Double = 2_000
    public var burst: Double = 4_000
    /// Requests of one tenant being served at once on this node.
    public var inFlight: Int = 512
    /// Event streams of one tenant open at once on this node: each polls its domains.
    public var streams: Int = 1_000

    public init() {}

    public init(requestsPerSecond: Double, burst: Double, inFlight: Int, streams: Int = 1_000) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.inFlight = inFlight
        self.streams = streams
    }
}
