/// What a run saw, from its own side of the API: every request the customers sent, every
/// contact they had acknowledged or gave up on, and every contact an agent handled. Times
/// are seconds since the load began, on the runner's monotonic clock. The verdicts read
/// only these, never the cluster's statistics about itself.
public struct RunRecords: Codable, Sendable, Equatable {
    /// Every contact-creating request a customer sent, with its final answer.
    public var requests: [RequestRecord] = []
    /// The contacts the API acknowledged (201).
    public var contacts: [ContactRecord] = []
    /// Contacts whose customers gave up waiting and the API confirmed it.
    public var abandons: [AbandonRecord] = []
    /// Contacts an agent accepted, from its own log.
    public var handlings: [HandlingRecord] = []
    /// The state the API reports at the end for each acknowledged contact that no agent
    /// completed and no customer abandoned ("missing" when the API does not know it).
    public var finalStates: [String: String] = [:]
    public var agents: [AgentRecord] = []
    public var faults: [FaultRecord] = []
    public var recoveries: [RecoveryRecord] = []
    /// When the load stopped and when the audit began.
    public var loadSeconds: Double = 0
    public var endSeconds: Double = 0

    public init() {}
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

    public init(contactId: String, queue: Int, channel: String, at: Double) {
        self.contactId = contactId
        self.queue = queue
        self.channel = channel
        self.at = at
    }
}

public struct AbandonRecord: Codable, Sendable, Equatable {
    public var contactId: String
    public var at: Double

    public init(contactId: String, at: Double) {
        self.contactId = contactId
        self.at = at
    }
}

/// One agent's handling of one contact: from its accept (confirmed by the API) to the
/// completion it sent, nil if it still held the contact at the end.
public struct HandlingRecord: Codable, Sendable, Equatable {
    public var contactId: String
    public var agent: Int
    public var region: String
    public var channel: String
    public var acceptedAt: Double
    public var completedAt: Double?
    /// False when the API refused the completion: the contact had already left the agent
    /// (its customer hung up), so the agent let go of it without completing it.
    public var completed: Bool

    public init(contactId: String, agent: Int, region: String, channel: String, acceptedAt: Double, completedAt: Double?,
                completed: Bool = true) {
        self.contactId = contactId
        self.agent = agent
        self.region = region
        self.channel = channel
        self.acceptedAt = acceptedAt
        self.completedAt = completedAt
        self.completed = completed && completedAt != nil
    }
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
