import ContactCenter

/// A tenant's administration: its name, API keys (hashed), skill names, queues and
/// agents. A pure value built by applying `TenantChange`s in log order; the routing
/// domains of the tenant's regions are configured from it.
public struct TenantProfile: Sendable, Codable, Equatable {
    public var id: TenantID
    public var name: String
    public var keys: [String: StoredKey] = [:]
    public var skills: [SkillID: String] = [:]
    public var queues: [QueueID: TenantQueue] = [:]
    public var agents: [AgentID: TenantAgent] = [:]

    public init(id: TenantID, name: String) {
        self.id = id
        self.name = name
    }

    /// A key as stored: never the secret, only its hash.
    public struct StoredKey: Sendable, Codable, Equatable {
        public var id: String
        public var hash: String
        public var role: Role
        /// Set for agent keys: the only agent the key may act as.
        public var agent: AgentID?
        public var createdAt: Double
    }

    public struct TenantQueue: Sendable, Codable, Equatable {
        public var queue: Queue
        public var region: RegionID
    }

    public struct TenantAgent: Sendable, Codable, Equatable {
        public var agent: Agent
        public var name: String
    }

    /// Applies one change, or throws without changing anything.
    public mutating func apply(_ change: TenantChange) throws(TenantChangeError) {
        switch change {
        case .keyAdded(let key):
            // Key IDs are random: the same key again is a retry of the call that added it.
            if keys[key.id] == key { return }
            guard keys[key.id] == nil else { throw .duplicateKey(key.id) }
            if let agent = key.agent, agents[agent] == nil { throw .unknownAgent(agent) }
            keys[key.id] = key
        case .keyRevoked(let id):
            guard keys.removeValue(forKey: id) != nil else { throw .unknownKey(id) }
        case .skillNamed(let skill, let name):
            skills[skill] = name
        case .queueSet(let queue):
            if let existing = queues[queue.queue.id], existing.region != queue.region {
                throw .queueMovesRegion(queue.queue.id)
            }
            queues[queue.queue.id] = queue
        case .agentSet(let agent):
            if let existing = agents[agent.agent.id], existing.agent.region != agent.agent.region {
                throw .agentMovesRegion(agent.agent.id)
            }
            agents[agent.agent.id] = agent
        }
    }

    /// The key that `presented` is, if it is one of this tenant's.
    func key(matching presented: APIKey) -> StoredKey? {
        guard presented.tenant == id, let stored = keys[presented.id],
              constantTimeEqual(stored.hash, presented.hash) else { return nil }
        return stored
    }

    /// The routing configuration of the tenant's queues in `region`.
    public func routingConfiguration(region: RegionID) -> RoutingDomainConfiguration {
        let mine = queues.values.filter { $0.region == region }.map(\.queue).sorted { $0.id < $1.id }
        return RoutingDomainConfiguration(tenant: id, region: region, queues: mine)
    }

    public func region(of queue: QueueID) -> RegionID? { queues[queue]?.region }
    public func region(of agent: AgentID) -> RegionID? { agents[agent]?.agent.region }
}

/// One change to a tenant's administration, as it is written to the tenant's log.
public enum TenantChange: Sendable, Codable, Equatable {
    case keyAdded(TenantProfile.StoredKey)
    case keyRevoked(String)
    case skillNamed(SkillID, String)
    case queueSet(TenantProfile.TenantQueue)
    case agentSet(TenantProfile.TenantAgent)
}

public enum TenantChangeError: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    case duplicateKey(String)
    case unknownKey(String)
    case unknownAgent(AgentID)
    case queueMovesRegion(QueueID)
    case agentMovesRegion(AgentID)

    public var description: String {
        switch self {
        case .duplicateKey(let id): "key \(id) exists already"
        case .unknownKey(let id): "key \(id) does not exist"
        case .unknownAgent(let agent): "\(agent) does not exist"
        case .queueMovesRegion(let queue): "\(queue) cannot move to another region; create a new queue"
        case .agentMovesRegion(let agent): "\(agent) cannot move to another region; create a new agent"
        }
    }
}
