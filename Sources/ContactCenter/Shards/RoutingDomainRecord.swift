import ClusterSystem
import Sharding

/// What a routing domain writes to its shard's log: its configuration, then every
/// event with the time it was applied at. The engine's state is a function of this
/// sequence, so replaying it after failover restores queues, positions, wait times
/// and reservations exactly.
enum RoutingDomainRecord: Codable, Equatable {
    /// The domain's queues and settings, the first or a later time; reservation IDs go
    /// on across a change.
    case configuredKeepingReservationIDs(RoutingDomainConfiguration)
    /// The same, written by earlier versions, whose engines restarted reservation IDs at 1
    /// on every change. Replay restarts them too, so the events after it name the offers
    /// they named.
    case configured(RoutingDomainConfiguration)
    /// One event; written by earlier versions, read still.
    case event(RoutingEvent, at: Timestamp)
    /// Events submitted together, applied in this order at one time. Written by earlier
    /// versions; read still, so their logs replay.
    case events([RoutingEvent], at: Timestamp)
    /// Events submitted together, each with the caller's request ID if it gave one,
    /// applied in this order at one time.
    case requests([RequestedEvent], at: Timestamp)
    /// Arrivals through this number are in their customers' sessions (`SessionFeed`).
    case sessionsSent(through: UInt64, at: Timestamp)

    var bytes: [UInt8] {
        get throws { try BinaryEncoder().encode(self) }
    }

    init(bytes: [UInt8]) throws {
        self = try BinaryDecoder().decode(Self.self, from: bytes)
    }
}

/// An event as a caller submitted it: the request ID lets a new primary answer the
/// caller's retry as the first call was answered.
struct RequestedEvent: Codable, Equatable {
    var event: RoutingEvent
    var request: RequestID?
}

/// The sharded-entity key of a (tenant, region) routing domain.
public enum RoutingDomainKey {
    public static func of(tenant: TenantID, region: RegionID) -> String {
        "\(tenant.rawValue)/\(region.rawValue)"
    }

    /// The region of a domain's key; nil for a key not made by `of(tenant:region:)`.
    /// Region N is the cluster's N-th configured region, counting from 1.
    public static func region(ofKey key: String) -> RegionID? {
        guard let slash = key.lastIndex(of: "/"), let raw = UInt32(key[key.index(after: slash)...]), raw >= 1 else { return nil }
        return RegionID(raw)
    }
}
