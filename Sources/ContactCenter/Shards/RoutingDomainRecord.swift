import ClusterSystem

/// What a routing domain writes to its shard's log: its configuration, then every
/// event with the time it was applied at. The engine's state is a function of this
/// sequence, so replaying it after failover restores queues, positions, wait times
/// and reservations exactly.
enum RoutingDomainRecord: Codable, Equatable {
    case configured(RoutingDomainConfiguration)
    case event(RoutingEvent, at: Timestamp)
    /// Events submitted together, applied in this order at one time.
    case events([RoutingEvent], at: Timestamp)

    var bytes: [UInt8] {
        get throws { try BinaryEncoder().encode(self) }
    }

    init(bytes: [UInt8]) throws {
        self = try BinaryDecoder().decode(Self.self, from: bytes)
    }
}

/// The sharded-entity key of a (tenant, region) routing domain.
public enum RoutingDomainKey {
    public static func of(tenant: TenantID, region: RegionID) -> String {
        "\(tenant.rawValue)/\(region.rawValue)"
    }
}
