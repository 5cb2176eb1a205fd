import Transport

/// One member as this node sees it: who it is, where it serves, and what the
/// failure detector believes about it.
///
/// A member is keyed by its address. Its `identity` adds the generation, which
/// grows on every process start: gossip about a higher generation at the same
/// address replaces the old one, whose process is gone. Within one generation the
/// `incarnation` orders the member's own claims to be alive (SWIM §4.2): only the
/// member itself raises it, to refute a suspicion.
public struct SWIMMember: Sendable, Hashable, Codable, CustomStringConvertible {
    public var identity: NodeIdentity
    /// The node's configured name (`--node`), for logs and status.
    public var name: String
    /// The region the node serves; sharding keeps a region's shards on its nodes.
    public var region: String
    public var state: MemberState
    public var incarnation: UInt64

    public init(identity: NodeIdentity, name: String, region: String,
                state: MemberState = .alive, incarnation: UInt64 = 0) {
        self.identity = identity
        self.name = name
        self.region = region
        self.state = state
        self.incarnation = incarnation
    }

    public var address: NodeAddress { identity.address }

    public var description: String {
        "\(name)@\(identity) \(state) inc=\(incarnation)"
    }
}

/// What the failure detector believes about a member (SWIM §4.2, plus the two
/// states a cluster needs around it).
public enum MemberState: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// This node itself, before any seed has answered its join. Never gossiped.
    case joining
    /// Answered a probe, directly or through others, or refuted its last suspicion.
    case alive
    /// Missed a probe and its indirect probes; declared dead unless it refutes
    /// (by gossiping a higher incarnation) before the suspicion times out.
    case suspect
    /// Declared failed. Final for this identity: the process must restart as a new
    /// generation to take part again.
    case dead
    /// Announced a graceful leave. Final for this identity, like `dead`, but peers
    /// know the node went away on purpose.
    case left

    /// Alive or suspect: still a member whose work the cluster must account for.
    public var isLive: Bool { self == .alive || self == .suspect }

    /// Dead or left: the identity will never take part again.
    public var isFinal: Bool { self == .dead || self == .left }

    public var description: String { rawValue }
}
