/// How a queue chooses among several eligible, available agents for one contact.
/// Whatever the strategy, ties fall to the lower agent number, so choices replay exactly.
public enum RoutingStrategy: UInt8, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The agent idle the longest (the fairest spread of work; the default everywhere).
    case longestIdle
    /// The agent with the highest proficiency in the queue's skills, then longest idle.
    case mostProficient
    /// The agent holding the fewest contacts relative to their capacity, then longest idle.
    case leastOccupied
    /// Agents in turn: the one this queue offered to least recently goes next.
    case roundRobin

    public var description: String {
        switch self {
        case .longestIdle: "longest idle"
        case .mostProficient: "most proficient"
        case .leastOccupied: "least occupied"
        case .roundRobin: "round robin"
        }
    }
}
