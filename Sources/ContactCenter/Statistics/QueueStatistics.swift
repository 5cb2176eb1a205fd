/// A queue's live figures for the current statistics period ("today").
///
/// Service level counts abandoned contacts against the queue:
/// answered within the threshold ÷ (answered + abandoned). With no abandonment it is the
/// probability of waiting no more than the threshold, the quantity Erlang C predicts.
public struct QueueStatistics: Hashable, Sendable, Codable {
    public var queue: QueueID
    /// Contacts waiting for an agent now (an offer pending not included).
    public var waiting: Int
    /// How long the contact waiting longest (queued or offered) has waited, 0 if none.
    public var longestWaitSeconds: Double
    /// Contacts that entered the queue (including those moved in by overflow).
    public var offered: Int
    public var answered: Int
    public var answeredWithinThreshold: Int
    public var abandoned: Int
    public var overflowedIn: Int
    public var overflowedOut: Int
    public var maxWaitExceeded: Int
    public var handled: Int
    public var serviceLevelThresholdSeconds: Double
    public var serviceLevel: Double?
    /// Average speed of answer: mean wait of answered contacts.
    public var averageSpeedOfAnswerSeconds: Double?
    /// Average handle time: talk plus wrap-up.
    public var averageHandleSeconds: Double?
    /// abandoned ÷ (answered + abandoned).
    public var abandonRate: Double?
    /// Busy time ÷ staffed time of the agents eligible for the queue's own requirement.
    public var occupancy: Double?
}

/// An agent's live figures for the current statistics period.
public struct AgentStatistics: Hashable, Sendable, Codable {
    public var agent: AgentID
    public var status: AgentStatus
    public var state: AgentState
    /// Contacts held now, per `Channel.index`.
    public var holding: [Int]
    public var consecutiveMisses: Int
    public var handled: Int
    public var averageHandleSeconds: Double?
    /// Time available or holding a contact.
    public var staffedSeconds: Double
    /// Time holding at least one contact.
    public var busySeconds: Double
    /// busy ÷ staffed.
    public var occupancy: Double?
}
