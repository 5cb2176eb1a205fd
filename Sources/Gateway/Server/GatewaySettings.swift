import ContactCenter
import Transport

/// How one node serves HTTP: where, whether as a gateway for tenants, who the
/// operator is, and the admission limits.
public struct GatewaySettings: Sendable {
    /// Where /metrics (every node) and, on gateways, /v1 listen.
    public var http: NodeAddress
    /// Serves the tenant API (/v1) besides /health and /metrics.
    public var servesTenants: Bool
    /// The cluster's regions in configuration order; region N of the API is `RegionID(N)`,
    /// numbered from 1, so their order in the cluster configuration must not change.
    public var regions: [String]
    /// Without one, operator routes (tenant creation, cluster state) answer 401.
    public var operatorKey: OperatorKeyHash?
    public var admission: AdmissionSettings
    /// How long a gateway trusts the tenant's key list it read: a revoked key stops
    /// working within this time on every gateway.
    public var keyCacheSeconds: Double = 2

    public init(http: NodeAddress, servesTenants: Bool, regions: [String], operatorKey: OperatorKeyHash?,
                admission: AdmissionSettings = AdmissionSettings()) {
        self.http = http
        self.servesTenants = servesTenants
        self.regions = regions
        self.operatorKey = operatorKey
        self.admission = admission
    }

    func region(named name: String) -> RegionID? {
        regions.firstIndex(of: name).map { RegionID(UInt32($0 + 1)) }
    }

    func name(of region: RegionID) -> String? {
        let index = Int(region.rawValue) - 1
        return regions.indices.contains(index) ? regions[index] : nil
    }
}
