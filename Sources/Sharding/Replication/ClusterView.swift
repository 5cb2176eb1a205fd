import Transport

/// What sharding needs of the membership view: the live members (alive or suspect,
/// with their regions) and whether this node may serve at all (keep-majority).
public struct ClusterView: Sendable, Equatable, Codable {
    public struct Member: Sendable, Hashable, Codable {
        public var identity: NodeIdentity
        public var region: String

        public init(identity: NodeIdentity, region: String) {
            self.identity = identity
            self.region = region
        }
    }

    public var members: [Member]
    /// Keep-majority downing says this node cannot see a majority: it serves nothing.
    public var isolated: Bool

    public init(members: [Member], isolated: Bool) {
        self.members = members
        self.isolated = isolated
    }

    /// Before the first view arrives: nobody, and not serving.
    public static let unknown = ClusterView(members: [], isolated: true)

    public func identity(at address: NodeAddress) -> NodeIdentity? {
        members.first { $0.identity.address == address }?.identity
    }

    public func placement(shardCount: ShardCount, regionTags: [ShardID: String] = [:]) -> PlacementTable {
        Placement.table(shardCount: shardCount, regionTags: regionTags,
                        members: members.map { PlacementMember(address: $0.identity.address, region: $0.region) })
    }
}
