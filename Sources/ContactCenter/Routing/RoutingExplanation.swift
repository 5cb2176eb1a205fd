/// Why a routing decision went the way it did: the rule applied, the candidates it weighed
/// (best first; the first is the one chosen) and a sentence for a supervisor.
public struct RoutingExplanation: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Rule: Hashable, Sendable, Codable, CustomStringConvertible {
        /// A contact found an agent by its queue's strategy among those available.
        case agentByStrategy(RoutingStrategy)
        /// A VIP contact went to the most proficient available agent.
        case vipMostProficient(ValueTier)
        /// An agent became free and took the best-ranked contact among the queues they serve:
        /// higher (aged) priority first, then longest wait.
        case bestWaitingContact

        public var description: String {
            switch self {
            case let .agentByStrategy(strategy): "agent by \(strategy)"
            case let .vipMostProficient(tier): "\(tier) customer to the most proficient agent"
            case .bestWaitingContact: "best-ranked waiting contact across the agent's queues"
            }
        }
    }

    /// One option the decision weighed.
    public struct Candidate: Hashable, Sendable, Codable, CustomStringConvertible {
        public var agent: AgentID
        public var contact: ContactID
        public var queue: QueueID
        /// The figures it was ranked by, e.g. "proficiency 4, idle 31.0 s".
        public var ranking: String

        public var description: String { "\(agent) ⇄ \(contact) in \(queue): \(ranking)" }
    }

    public var rule: Rule
    public var queue: QueueID
    /// The bullseye ring the contact was in (0 = the queue's own requirement).
    public var ring: Int
    public var candidates: [Candidate]

    public var description: String {
        let chosen = candidates.first.map { "chose \($0.agent) for \($0.contact)" } ?? "no candidate"
        let weighed = candidates.map { "  \($0)" }.joined(separator: "\n")
        return "\(rule) in \(queue) ring \(ring): \(chosen)\n\(weighed)"
    }
}
