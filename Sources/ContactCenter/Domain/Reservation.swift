/// An offer of one contact to one agent, holding a slot of the agent's capacity on the
/// contact's channel until it is accepted, rejected, times out or is cancelled.
public struct Reservation: Hashable, Sendable, Codable {
    public var id: ReservationID
    public var contact: ContactID
    public var agent: AgentID
    public var queue: QueueID
    public var channel: Channel
    public var offeredAt: Timestamp
    public var expiresAt: Timestamp

    public init(id: ReservationID, contact: ContactID, agent: AgentID, queue: QueueID, channel: Channel, offeredAt: Timestamp, expiresAt: Timestamp) {
        self.id = id
        self.contact = contact
        self.agent = agent
        self.queue = queue
        self.channel = channel
        self.offeredAt = offeredAt
        self.expiresAt = expiresAt
    }
}

/// How a reservation ended.
public enum ReservationOutcome: UInt8, Hashable, Sendable, Codable, CustomStringConvertible {
    case accepted
    case rejected
    case timedOut
    /// The contact went away (the customer hung up) while the offer was pending.
    case cancelled

    public var description: String {
        switch self {
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .timedOut: "timed out"
        case .cancelled: "cancelled"
        }
    }
}
