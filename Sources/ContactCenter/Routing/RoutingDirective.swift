/// What the engine asks its shell to carry out after an event, in order. The engine has
/// already updated its own state; directives are for the outside world (agent desktops,
/// the telephony side, other regions, observers).
public enum RoutingDirective: Hashable, Sendable, Codable {
    /// Offer the contact to the agent until the reservation expires. Carries the reasons
    /// when the event was applied with `explain: true`.
    case offer(Reservation, explanation: RoutingExplanation?)
    /// Tell the agent their offer ended without acceptance (timed out, or the customer left).
    case reservationEnded(Reservation, outcome: ReservationOutcome)
    /// The contact waits in its queue (on arrival, or back at the head after a refused offer).
    case queued(ContactID, queue: QueueID, ring: Int)
    /// The contact's skill requirement widened to bullseye ring `ring`.
    case widened(ContactID, queue: QueueID, ring: Int)
    /// The contact moved to another queue of this domain by an overflow rule.
    case overflowedToQueue(ContactID, from: QueueID, to: QueueID)
    /// Ask `region`'s routing domain to take the contact into `queue` if it has an idle
    /// eligible agent, then answer with `regionOverflowAccepted` or `regionOverflowDeclined`.
    case requestRegionOverflow(Contact, region: RegionID, queue: QueueID, waitingSince: Timestamp)
    /// The engine set an agent's status (to `missed`, after repeated missed offers).
    case agentStatusChanged(AgentID, AgentStatus)
    /// The contact left routing in a terminal state.
    case contactFinished(ContactID, state: ContactState, reason: ContactEndReason)
}
