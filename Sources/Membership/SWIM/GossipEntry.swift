import Transport

/// One membership update as it travels piggybacked on protocol messages
/// (SWIM §4.4, "infection-style dissemination").
public struct GossipEntry: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The member's state as the sender knows it.
    public var member: SWIMMember
    /// For a suspicion: the member whose own probe failed. Lifeguard §4.2 counts
    /// distinct suspectors as independent confirmations that shorten the timeout;
    /// relaying a suspicion keeps the original suspector so it is not counted twice.
    public var suspectedBy: NodeAddress?

    public init(member: SWIMMember, suspectedBy: NodeAddress? = nil) {
        self.member = member
        self.suspectedBy = suspectedBy
    }

    public var description: String {
        suspectedBy.map { "\(member) (suspected by \($0))" } ?? member.description
    }
}
