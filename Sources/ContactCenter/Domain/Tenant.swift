/// A customer organisation of the platform. Its routing is split into one routing domain per
/// region it operates in.
public struct Tenant: Hashable, Sendable, Codable {
    public var id: TenantID
    public var name: String
    public var regions: [RegionID]

    public init(id: TenantID, name: String, regions: [RegionID]) {
        self.id = id
        self.name = name
        self.regions = regions
    }
}

/// A region: agents and queues that are routed together, locally, by one routing engine.
/// Contacts leave a region only through a cross-region overflow rule.
public struct Region: Hashable, Sendable, Codable {
    public var id: RegionID
    public var name: String

    public init(id: RegionID, name: String) {
        self.id = id
        self.name = name
    }
}
