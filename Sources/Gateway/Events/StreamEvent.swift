import ContactCenter

/// One event on an agent's or supervisor's stream. Every event carries the tenant and
/// an event ID to resume from; the fields besides those depend on `type`.
struct StreamEvent: Encodable {
    enum Kind: String, Encodable {
        /// A contact is offered to an agent (`reservation`).
        case offer
        /// An offer ended without acceptance (`reservation`, `outcome`).
        case reservationEnded = "reservation-ended"
        /// Routing changed an agent's status (`agentId`, `status`).
        case agentStatus = "agent-status"
        /// A contact waits in a queue (`contactId`, `queueId`).
        case queued
        /// A contact moved to another queue or region (`contactId`, `queueId`, `region`).
        case overflowed
        /// A contact left routing (`contactId`, `state`, `reason`, and `agentId` if it
        /// was offered to one).
        case contactFinished = "contact-finished"
        /// Queue and agent statistics (`stats`), at least once a second on supervisor streams.
        case stats
        /// Events after the client's last event ID are no longer retained (`region`).
        case gap
    }

    var eventId: String
    var tenantId: UInt32
    var type: Kind
    var at: Double
    var region: String?
    var reservation: ReservationView?
    var outcome: String?
    var agentId: UInt32?
    var status: WireStatus?
    var contactId: String?
    var queueId: UInt32?
    var state: WireContactState?
    var reason: String?
    var stats: StatsView?

    init(eventId: String, tenantId: UInt32, type: Kind, at: Double, region: String? = nil) {
        self.eventId = eventId
        self.tenantId = tenantId
        self.type = type
        self.at = at
        self.region = region
    }

    /// The event a directive becomes; nil for ones streams leave out.
    static func from(_ item: SequencedDirective, eventId: String, tenant: TenantID, region: String,
                     settings: GatewaySettings) -> StreamEvent? {
        func event(_ kind: Kind) -> StreamEvent {
            StreamEvent(eventId: eventId, tenantId: tenant.rawValue, type: kind, at: item.at.seconds, region: region)
        }
        switch item.directive {
        case .offer(let reservation, _):
            var offer = event(.offer)
            offer.reservation = ReservationView(reservation)
            offer.agentId = reservation.agent.rawValue
            offer.contactId = "\(reservation.contact.rawValue)"
            return offer
        case .reservationEnded(let reservation, let outcome):
            var ended = event(.reservationEnded)
            ended.reservation = ReservationView(reservation)
            ended.agentId = reservation.agent.rawValue
            ended.contactId = "\(reservation.contact.rawValue)"
            ended.outcome = outcome.description
            return ended
        case .agentStatusChanged(let agent, let status):
            var changed = event(.agentStatus)
            changed.agentId = agent.rawValue
            changed.status = WireStatus(status)
            return changed
        case .queued(let contact, let queue, _):
            var queued = event(.queued)
            queued.contactId = "\(contact.rawValue)"
            queued.queueId = queue.rawValue
            return queued
        case .overflowedToQueue(let contact, _, let queue):
            var moved = event(.overflowed)
            moved.contactId = "\(contact.rawValue)"
            moved.queueId = queue.rawValue
            return moved
        case .requestRegionOverflow(let contact, let other, let queue, _):
            var moved = event(.overflowed)
            moved.contactId = "\(contact.id.rawValue)"
            moved.queueId = queue.rawValue
            moved.region = settings.name(of: other)
            return moved
        case .contactFinished(let contact, let state, let reason):
            var finished = event(.contactFinished)
            finished.contactId = "\(contact.rawValue)"
            finished.state = WireContactState(state)
            finished.reason = reason.description
            finished.agentId = item.agent?.rawValue
            return finished
        case .widened:
            return nil
        }
    }

    /// Whether an agent's stream carries the event: their offers and status, and the
    /// end of the contacts they were offered.
    func concerns(agent: AgentID) -> Bool {
        switch type {
        case .offer, .reservationEnded, .agentStatus, .contactFinished: agentId == agent.rawValue
        case .gap, .stats: true
        case .queued, .overflowed: false
        }
    }
}
