import Transport

/// A cluster definition from `cluster-config/`: its name, its nodes and the seeds
/// new nodes join through.
///
/// Validated at construction: a node never starts from a definition that cannot work.
public struct ClusterConfig: Sendable, Equatable {
    public var name: String
    public var nodes: [NodeConfig]
    /// Names of the nodes a starting node contacts to join.
    public var seeds: [String]
    public var membership: MembershipConfig
    /// Off by default: when on, every node hosts `FaultControl` at `/system/faults`
    /// and anyone who can reach it can partition it. For tests and chaos runs only.
    public var faultInjection: Bool
    public var sharding: ShardingConfig
    public var gateway: GatewayConfig

    public init(name: String, nodes: [NodeConfig], seeds: [String], membership: MembershipConfig = MembershipConfig(),
                sharding: ShardingConfig = ShardingConfig(), gateway: GatewayConfig = GatewayConfig(),
                faultInjection: Bool = false) throws(ConfigError) {
        self.name = name
        self.nodes = nodes
        self.seeds = seeds
        self.membership = membership
        self.sharding = sharding
        self.gateway = gateway
        self.faultInjection = faultInjection
        try validate()
    }

    public func node(named name: String) -> NodeConfig? {
        nodes.first { $0.name == name }
    }

    public var seedAddresses: [NodeAddress] {
        seeds.compactMap { node(named: $0)?.address }
    }

    public var regions: [String] {
        var seen: [String] = []
        for node in nodes where !seen.contains(node.region) { seen.append(node.region) }
        return seen
    }

    func validate() throws(ConfigError) {
        guard !name.isEmpty, name.utf8.count <= Handshake.maximumNameBytes else {
            throw ConfigError(key: "cluster.name", problem: .invalid(value: name, expected: "1 to 255 bytes"))
        }
        guard !nodes.isEmpty else {
            throw ConfigError(key: "cluster.nodes", problem: .invalid(value: "[]", expected: "at least one node name"))
        }
        var names: Set<String> = []
        var addresses: [NodeAddress: String] = [:]
        var dataDirs: [String: String] = [:]
        for node in nodes {
            guard node.address.host.utf8.count <= Handshake.maximumNameBytes else {
                throw ConfigError(key: "nodes.\(node.name).address",
                                  problem: .invalid(value: node.address.host, expected: "a host of at most 255 bytes"))
            }
            guard names.insert(node.name).inserted else {
                throw ConfigError(key: "cluster.nodes", problem: .invalid(value: node.name, expected: "unique node names"))
            }
            if let other = addresses.updateValue(node.name, forKey: node.address) {
                throw ConfigError(key: "nodes.\(node.name).address",
                                  problem: .invalid(value: "\(node.address)", expected: "an address not used by \(other)"))
            }
            if let http = node.http, let other = addresses.updateValue("\(node.name) (http)", forKey: http) {
                throw ConfigError(key: "nodes.\(node.name).http",
                                  problem: .invalid(value: "\(http)", expected: "an address not used by \(other)"))
            }
            if node.roles.contains(.gateway), node.http == nil {
                throw ConfigError(key: "nodes.\(node.name).http",
                                  problem: .missing(expected: "an HTTP address for the gateway role"))
            }
            if let other = dataDirs.updateValue(node.name, forKey: node.dataDir) {
                throw ConfigError(key: "nodes.\(node.name).dataDir",
                                  problem: .invalid(value: node.dataDir, expected: "a directory not used by \(other)"))
            }
        }
        guard !seeds.isEmpty else {
            throw ConfigError(key: "cluster.seeds", problem: .invalid(value: "[]", expected: "at least one node name"))
        }
        for seed in seeds where !names.contains(seed) {
            throw ConfigError(key: "cluster.seeds",
                              problem: .invalid(value: seed, expected: "one of the nodes: \(nodes.map(\.name).joined(separator: ", "))"))
        }
        guard regions.count <= 255 else {
            throw ConfigError(key: "nodes", problem: .invalid(value: "\(regions.count) regions", expected: "at most 255"))
        }
        try membership.validate()
        try sharding.validate()
        try gateway.validate()
    }
}

/// One node of a cluster definition.
public struct NodeConfig: Sendable, Equatable {
    public var name: String
    /// Listener and source address of outgoing connections: its own 127.0.0.N on loopback.
    public var address: NodeAddress
    public var region: String
    /// Where the node keeps its RocksDB state; relative paths are relative to the working directory.
    public var dataDir: String
    /// Where it serves /health and /metrics (and /v1 with the gateway role); nil for none.
    public var http: NodeAddress?
    public var roles: Set<NodeRole>

    public init(name: String, address: NodeAddress, region: String, dataDir: String,
                http: NodeAddress? = nil, roles: Set<NodeRole> = []) {
        self.name = name
        self.address = address
        self.region = region
        self.dataDir = dataDir
        self.http = http
        self.roles = roles
    }
}

/// The membership knobs an operator tunes per cluster; the rest keep the defaults
/// documented in `SWIMSettings`.
public struct MembershipConfig: Sendable, Equatable {
    /// 1000 ms: SWIM's probe period; detection time scales with it.
    public var probeIntervalMs = 1000
    /// 500 ms: a ping unanswered this long triggers indirect probes.
    public var pingTimeoutMs = 500

    public init() {}

    func validate() throws(ConfigError) {
        guard (10...60_000).contains(probeIntervalMs) else {
            throw ConfigError(key: "membership.probeIntervalMs",
                              problem: .invalid(value: "\(probeIntervalMs)", expected: "10...60000"))
        }
        guard pingTimeoutMs > 0, pingTimeoutMs < probeIntervalMs else {
            throw ConfigError(key: "membership.pingTimeoutMs",
                              problem: .invalid(value: "\(pingTimeoutMs)", expected: "more than 0 and less than probeIntervalMs"))
        }
    }
}
