/// Everything that can change a routing domain, as a value. The engine's state is a
/// function of the sequence of (event, timestamp) pairs it accepted, so this is what a
/// routing shard appends to its replicated log and replays after failover.
public enum RoutingEvent: Hashable, Sendable, Codable {
    /// An agent joins the domain with a first status.
    case agentAdded(Agent, status: AgentStatus)
    /// An agent leaves the domain; refused while they hold contacts.
    case agentRemoved(AgentID)
    /// The agent chose a status (available, break, offline).
    case agentStatusChanged(AgentID, AgentStatus)
    /// A contact enters its queue (from IVR, a transfer, or another region's overflow).
    case contactArrived(Contact)
    case reservationAccepted(ReservationID)
    case reservationRejected(ReservationID)
    /// The conversation ended; the agent enters wrap-up (or completes at once with no wrap-up).
    case contactEnded(ContactID)
    /// The agent finished after-contact work before its wrap-up time ran out.
    case wrapUpFinished(ContactID)
    /// The customer left while queued or while an offer was pending.
    case contactAbandoned(ContactID)
    /// A connected contact is handed on; `continuation` (linked by `previousContact`) enters
    /// its queue in its place.
    case contactTransferred(ContactID, continuation: Contact)
    /// The other region took the contact: it leaves this domain as `overflowed`.
    case regionOverflowAccepted(ContactID)
    /// The other region had nobody; the contact keeps waiting here and its later rules apply.
    case regionOverflowDeclined(ContactID)
    /// Time passed with nothing else happening: fires due timers (offer timeouts, wrap-up
    /// ends, bullseye widening, overflow, maximum wait).
    case clockAdvanced
    /// A new statistics period ("today") starts: counters restart, waiting contacts stay.
    case statisticsPeriodStarted
}
