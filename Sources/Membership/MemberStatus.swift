import Transport

/// One row of a node's view, as `switchboard ctl members` prints it.
public struct MemberStatus: Sendable, Codable, Equatable {
    public var member: SWIMMember
    /// Milliseconds since this node last received anything from the member; nil if never.
    public var lastHeardMillisecondsAgo: Int64?
    public var isSelf: Bool

    public init(member: SWIMMember, lastHeardMillisecondsAgo: Int64?, isSelf: Bool) {
        self.member = member
        self.lastHeardMillisecondsAgo = lastHeardMillisecondsAgo
        self.isSelf = isSelf
    }
}

/// What a node says about itself and its view.
public struct MembershipStatus: Sendable, Codable, Equatable {
    public var myself: SWIMMember
    /// True while this node cannot see a majority of the last agreed member set:
    /// it serves nothing until it can (keep-majority downing).
    public var isolated: Bool
    /// The size of the last member set this node agreed on (keep-majority's reference).
    public var agreedMembers: Int
    public var localHealth: Int
    public var members: [MemberStatus]
}
