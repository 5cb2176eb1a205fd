/// Changing a live domain's queues: the tenant edits a queue, and the domain's agents,
/// with their statuses, carry over to an engine built from the new configuration.
extension RoutingEngine {
    /// This engine's agents under `configuration`. Refused while contacts are routed,
    /// since their queues, rings and timers belong to the old configuration; statistics
    /// counters start afresh. Reservation IDs go on from this engine's, unless
    /// `restartingReservationIDs`: only to replay a log of earlier versions, which
    /// restarted them at 1, so that its events name the offers they named.
    public func reconfigured(to configuration: RoutingDomainConfiguration,
                             restartingReservationIDs: Bool = false) throws(RoutingReconfigurationError) -> RoutingEngine {
        guard activeContactCount == 0 else { throw .contactsInFlight(activeContactCount) }
        var fresh: RoutingEngine
        do {
            fresh = try RoutingEngine(configuration: configuration)
        } catch {
            throw .invalid(error)
        }
        // The domain's history finds offers by reservation ID, so the fresh engine must
        // not hand out the IDs of offers made before.
        if !restartingReservationIDs { fresh.reservations = PendingReservations(continuingAt: reservations.nextID) }
        var ignored: [RoutingDirective] = []
        let now = Timestamp(seconds: max(clock, 0))
        for record in agents where !record.removed {
            // Nobody holds a contact, so adding every agent back cannot be refused.
            try? fresh.apply(.agentAdded(record.agent, status: record.status), at: now, into: &ignored)
        }
        return fresh
    }

    /// Every agent's figures, in the order they joined.
    public func agentStatistics(at time: Timestamp) -> [AgentStatistics] {
        let now = max(time.seconds, clock)
        return agents.indices.filter { !agents[$0].removed }.map { agentStatistics(slot: $0, at: now) }
    }
}

public enum RoutingReconfigurationError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    case invalid(RoutingConfigurationError)
    case contactsInFlight(Int)

    public var description: String {
        switch self {
        case .invalid(let error): error.description
        case .contactsInFlight(let count): "\(count) contacts are being routed; queues change only when none is"
        }
    }
}

/// Who holds what, for a shell that lets agents act only on their own offers and contacts.
extension RoutingEngine {
    /// The agent a contact is offered to or connected with.
    public func holder(of contact: ContactID) -> AgentID? {
        guard let slot = contactSlots[contact], contacts[Int(slot)].agentSlot >= 0 else { return nil }
        return agents[Int(contacts[Int(slot)].agentSlot)].agent.id
    }

    /// A contact being routed, as it arrived.
    public func routedContact(_ id: ContactID) -> Contact? {
        contactSlots[id].map { contacts[Int($0)].contact }
    }

    /// A pending reservation.
    public func reservation(_ id: ReservationID) -> Reservation? {
        reservations[id].flatMap { contacts[Int($0)].reservation }
    }

    /// Whether `event` is one `agent` may submit for themselves: their own status, their
    /// own offers, the contacts they hold.
    public func concerns(_ event: RoutingEvent, agent: AgentID) -> Bool {
        switch event {
        case .agentStatusChanged(let subject, _): subject == agent
        case .reservationAccepted(let id), .reservationRejected(let id): reservation(id)?.agent == agent
        case .contactEnded(let contact), .wrapUpFinished(let contact): holder(of: contact) == agent
        default: false
        }
    }
}
