/// What a run saw, from its own side of the API: every request the customers sent, every
/// contact they had acknowledged or gave up on, and every contact an agent handled. Times
/// are seconds since the load began, on the runner's monotonic clock. The verdicts read
/// only these, never the cluster's statistics about itself.
public struct RunRecords: Codable, Sendable, Equatable {
    /// Every contact-creating request a customer sent, with its final answer.
    public var requests: [RequestRecord] = []
    /// The contacts the API acknowledged (201).
    public var contacts: [ContactRecord] = []
    /// Contacts whose customers gave up waiting and said so.
    public var abandons: [AbandonRecord] = []
    /// Contacts an agent accepted, or tried to, from its own log.
    public var handlings: [HandlingRecord] = []
    /// The state the API reports at the end for each acknowledged contact that no agent
    /// completed and no customer abandoned with confirmation ("missing" when the API
    /// does not know it, "unreachable" when it did not answer).
    public var finalStates: [String: String] = [:]
    /// The contacts each customer's session holds at the end, by customer ID, in the
    /// session's order: for every customer with an acknowledged contact.
    public var sessions: [String: [String]] = [:]
    public var agents: [AgentRecord] = []
    public var faults: [FaultRecord] = []
    public var recoveries: [RecoveryRecord] = []
    /// When the load stopped, and when the agents stopped taking offers.
    public var loadSeconds: Double = 0
    public var endSeconds: Double = 0

    public init() {}

    /// Acknowledged contacts the load's own records settle: an agent completed them, or
    /// their customer abandoned with confirmation.
    public var settledContacts: Set<String> {
        Set(handlings.filter(\.completed).map(\.contactId)).union(abandons.filter(\.confirmed).map(\.contactId))
    }

    /// Acknowledged contacts the records leave open: what the final audit asks about.
    public var openContacts: [String] {
        let settled = settledContacts
        return contacts.map(\.contactId).filter { !settled.contains($0) }
    }
}

public struct RequestRecord: Codable, Sendable, Equatable {
    public var at: Double
    public var latencyMs: Double
    /// The HTTP status, or 0 when no answer came (connection refused, reset or timed out).
    public var status: Int
    public var retryAfter: Bool
    public var queue: Int

    public init(at: Double, latencyMs: Double, status: Int, retryAfter: Bool, queue: Int) {
        self.at = at
        self.latencyMs = latencyMs
        self.status = status
        self.retryAfter = retryAfter
        self.queue = queue
    }

    /// Answered as the API promises: 2xx, or 429 with Retry-After.
    public var answered: Bool { (200..<300).contains(status) || (status == 429 && retryAfter) }
}

public struct ContactRecord: Codable, Sendable, Equatable {
    public var contactId: String
    public var queue: Int
    public var channel: String
    /// When the customer sent the request that created it.
    public var at: Double
    /// The customer who made it; nil in the records of runs that did not keep it.
    public var customer: Int?

    public init(contactId: String, queue: Int, channel: String, at: Double, customer: Int? = nil) {
        self.contactId = contactId
        self.queue = queue
        self.channel = channel
        self.at = at
        self.customer = customer
    }
}

public struct AbandonRecord: Codable, Sendable, Equatable {
    public var contactId: String
    public var at: Double
    /// False when no answer confirmed it (lost, 5xx, or refused after a lost answer):
    /// it counts only if the final audit finds the contact abandoned.
    public var confirmed: Bool

    public init(contactId: String, at: Double, confirmed: Bool = true) {
        self.contactId = contactId
        self.at = at
        self.confirmed = confirmed
    }
}

/// One agent's handling of one contact, from its accept to the completion it sent (nil
/// if it still held the contact at the end). An answer that never came, a 5xx, or a
/// refusal after either, leaves a step unsure: it may or may not have applied.
public struct HandlingRecord: Codable, Sendable, Equatable {
    public var contactId: String
    public var agent: Int
    public var region: String
    public var channel: String
    public var acceptedAt: Double
    public var completedAt: Double?
    /// The API confirmed the accept (2xx). Otherwise the agent only went on as if it had.
    public var acceptConfirmed: Bool
    /// The API confirmed the completion (2xx).
    public var completed: Bool
    /// The completion may have applied without the agent hearing so: the final audit settles it.
    public var completionUnsure: Bool

    public init(contactId: String, agent: Int, region: String, channel: String, acceptedAt: Double, completedAt: Double?,
                completed: Bool = true, acceptConfirmed: Bool = true, completionUnsure: Bool = false) {
        self.contactId = contactId
        self.agent = agent
        self.region = region
        self.channel = channel
        self.acceptedAt = acceptedAt
        self.completedAt = completedAt
        self.completed = completed && completedAt != nil
        self.acceptConfirmed = acceptConfirmed
        self.completionUnsure = completionUnsure && !self.completed
    }

    /// Whether the agent is known to have had the contact: its accept or its completion
    /// was confirmed. An agent that heard nothing either time may never have had it.
    public var held: Bool { acceptConfirmed || completed }
}

public struct AgentRecord: Codable, Sendable, Equatable {
    public var agent: Int
    public var region: String
    public var capacity: [String: Int]
    /// When the agent stopped working before the end (its region went down).
    public var goneAt: Double?

    public init(agent: Int, region: String, capacity: [String: Int], goneAt: Double? = nil) {
        self.agent = agent
        self.region = region
        self.capacity = capacity
        self.goneAt = goneAt
    }
}

public struct FaultRecord: Codable, Sendable, Equatable {
    public var label: String
    public var at: Double
    /// When the runner undid it; nil for faults that last (a region down, a kill without restart).
    public var until: Double?

    public init(label: String, at: Double, until: Double?) {
        self.label = label
        self.at = at
        self.until = until
    }
}

/// How long the cluster took to recover after a fault, as the runner measured it by
/// asking each running node: `failover` until every shard had a primary that serves,
/// `convergence` until every running node saw every running node alive.
public struct RecoveryRecord: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case failover
        case convergence
    }

    public var kind: Kind
    public var fault: String
    /// When the clock started: the kill, or the heal or restart.
    public var at: Double
    /// Nil when it had not recovered when the runner stopped waiting.
    public var seconds: Double?

    public init(kind: Kind, fault: String, at: Double, seconds: Double?) {
        self.kind = kind
        self.fault = fault
        self.at = at
        self.seconds = seconds
    }
}
