import Gateway

/// The gateway knobs of a cluster: the operator's key and per-tenant admission limits.
/// Which nodes serve HTTP, and which of those serve tenants, is per node
/// (`nodes.<name>.http`, `nodes.<name>.roles: [gateway]`).
public struct GatewayConfig: Sendable, Equatable {
    /// Best passed in the environment (`GATEWAY_OPERATOR_KEY`) rather than the file; a
    /// node keeps only its hash. Without one, operator routes answer 401.
    public var operatorKey: String?
    public var admission = AdmissionSettings()

    public init() {}

    func validate() throws(ConfigError) {
        if let operatorKey, operatorKey.count < 16 {
            throw ConfigError(key: "gateway.operatorKey", problem: .invalid(value: "(\(operatorKey.count) characters)",
                                                                            expected: "at least 16 characters"))
        }
        guard admission.requestsPerSecond >= 1, admission.requestsPerSecond <= 1_000_000 else {
            throw ConfigError(key: "gateway.requestsPerSecond",
                              problem: .invalid(value: "\(admission.requestsPerSecond)", expected: "1...1000000"))
        }
        guard admission.burst >= 1, admission.burst <= 10_000_000 else {
            throw ConfigError(key: "gateway.burst", problem: .invalid(value: "\(admission.burst)", expected: "1...10000000"))
        }
        guard (1...100_000).contains(admission.inFlight) else {
            throw ConfigError(key: "gateway.inFlight", problem: .invalid(value: "\(admission.inFlight)", expected: "1...100000"))
        }
        guard (1...100_000).contains(admission.streams) else {
            throw ConfigError(key: "gateway.streams", problem: .invalid(value: "\(admission.streams)", expected: "1...100000"))
        }
    }
}

/// What a node does besides being a cluster member.
public enum NodeRole: String, Sendable, Equatable, CaseIterable {
    /// Serves the tenant API (/v1) and its event streams on the node's `http` address.
    case gateway
}
