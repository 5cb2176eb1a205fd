/// What operators see of the cluster through the gateway; the node supplies it, so
/// the gateway needs no knowledge of membership internals.
public struct ClusterInspection: Sendable {
    public struct Member: Sendable, Codable, Equatable {
        public var address: String
        public var name: String
        public var region: String
        public var status: String

        public init(address: String, name: String, region: String, status: String) {
            self.address = address
            self.name = name
            self.region = region
            self.status = status
        }
    }

    public struct Shard: Sendable, Codable, Equatable {
        public var shard: Int
        public var primary: String?
        public var backup: String?
        public var epoch: UInt64
        public var lastSequence: UInt64
        public var replicationLag: UInt64?
        /// The region whose nodes the shard prefers, if any.
        public var region: String?

        public init(shard: Int, primary: String?, backup: String?, epoch: UInt64, lastSequence: UInt64, replicationLag: UInt64?,
                    region: String? = nil) {
            self.shard = shard
            self.primary = primary
            self.backup = backup
            self.epoch = epoch
            self.lastSequence = lastSequence
            self.replicationLag = replicationLag
            self.region = region
        }
    }

    public var members: @Sendable () async -> [Member]
    public var shards: @Sendable () async -> [Shard]

    public init(members: @escaping @Sendable () async -> [Member], shards: @escaping @Sendable () async -> [Shard]) {
        self.members = members
        self.shards = shards
    }
}
