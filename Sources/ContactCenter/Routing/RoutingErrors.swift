/// A routing domain's configuration that cannot be routed, with what to fix.
public enum RoutingConfigurationError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    case settingOutOfRange(name: String, value: String, expected: String)
    case duplicateQueue(QueueID)
    case overflowToUnknownQueue(queue: QueueID, destination: QueueID)
    case overflowToOwnQueue(QueueID)
    /// Ring `ring` of `queue` leaves out agents the ring before it admitted; rings must widen.
    case bullseyeRingNarrows(queue: QueueID, ring: Int)

    public var description: String {
        switch self {
        case let .settingOutOfRange(name, value, expected): "routing setting \(name) = \(value), expected \(expected)"
        case let .duplicateQueue(queue): "\(queue) is configured twice"
        case let .overflowToUnknownQueue(queue, destination): "\(queue) overflows to \(destination), which this domain does not have"
        case let .overflowToOwnQueue(queue): "\(queue) overflows to itself"
        case let .bullseyeRingNarrows(queue, ring): "bullseye ring \(ring) of \(queue) is narrower than ring \(ring - 1); each ring must admit every agent the one before did"
        }
    }
}

/// An event the routing engine refused. A refused event changes nothing, so the shell can
/// answer its sender and leave the event out of the replicated log.
public enum RoutingError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    case unknownQueue(QueueID)
    case unknownAgent(AgentID)
    case unknownContact(ContactID)
    case unknownReservation(ReservationID)
    case duplicateAgent(AgentID)
    case duplicateContact(ContactID)
    case queueClosed(QueueID, at: Timestamp)
    case queueFull(QueueID, waiting: Int)
    case agentHoldsContacts(AgentID, count: Int)
    case invalidTransition(ContactTransitionError)
    case noRegionOverflowPending(ContactID)

    public var description: String {
        switch self {
        case let .unknownQueue(queue): "\(queue) is not a queue of this routing domain"
        case let .unknownAgent(agent): "\(agent) is not an agent of this routing domain"
        case let .unknownContact(contact): "\(contact) is not routed here (never arrived, or already finished)"
        case let .unknownReservation(reservation): "\(reservation) is not pending (never granted, or already ended)"
        case let .duplicateAgent(agent): "\(agent) is already in this routing domain"
        case let .duplicateContact(contact): "\(contact) has already arrived"
        case let .queueClosed(queue, time): "\(queue) is outside its business hours at \(time)"
        case let .queueFull(queue, waiting): "\(queue) already has \(waiting) contacts waiting, its maximum"
        case let .agentHoldsContacts(agent, count): "\(agent) still holds \(count) contacts and cannot leave"
        case let .invalidTransition(error): error.description
        case let .noRegionOverflowPending(contact): "\(contact) has no cross-region overflow request pending"
        }
    }
}
