/// A writer's own record of one acknowledged write: what it asked for and what the
/// cluster answered. Audits compare these with the nodes' logs, never with the
/// cluster's summary of itself.
public struct WriteRecord: Hashable, Sendable, Codable {
    /// Which writer issued it; a writer issues its writes one after another.
    public var writer: Int
    public var request: RequestID
    public var payload: [UInt8]
    public var acknowledgement: Acknowledgement

    public init(writer: Int, request: RequestID, payload: [UInt8], acknowledgement: Acknowledgement) {
        self.writer = writer
        self.request = request
        self.payload = payload
        self.acknowledgement = acknowledgement
    }
}
