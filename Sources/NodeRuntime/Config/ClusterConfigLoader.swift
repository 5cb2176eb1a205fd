import Configuration
import Sharding
import SystemPackage
import Transport

/// Reads a `ClusterConfig` from a YAML file in `cluster-config/`, with environment
/// overrides on top (`NODES_N1_ADDRESS=127.0.0.9:7001` replaces `nodes.n1.address`).
///
/// Layout:
/// ```yaml
/// cluster:
///   name: three-node
///   nodes: [n1, n2, n3]
///   seeds: [n1, n2]
/// nodes:
///   n1: { address: "127.0.0.2:7101", region: cn-east, dataDir: .data/three-node/n1 }
/// membership:
///   probeIntervalMs: 1000
/// ```
/// `sharding.shards` (default 64) and `sharding.acknowledgement` (`replicated`, the
/// default, or `primaryOnly`) set up the shards.
/// `nodes.<name>.http` (an address) serves /health and /metrics; with
/// `nodes.<name>.roles: [gateway]` also the tenant API. `gateway.operatorKey` (best from
/// the environment: GATEWAY_OPERATOR_KEY), `gateway.requestsPerSecond`, `gateway.burst`,
/// `gateway.inFlight` and `gateway.streams` set up the gateways.
/// `cluster.faultInjection: true` lets tests and the chaos runner inject faults remotely.
public enum ClusterConfigLoader {
    public static func load(file: String, environment: [String: String]) async throws(ConfigError) -> ClusterConfig {
        let fileProvider: FileProvider<YAMLSnapshot>
        do {
            fileProvider = try await FileProvider<YAMLSnapshot>(filePath: FilePath(file))
        } catch {
            throw ConfigError(key: "", problem: .unreadable("\(error)"), file: file)
        }
        let reader = ConfigReader(providers: [
            EnvironmentVariablesProvider(environmentVariables: environment),
            fileProvider,
        ])
        return try parse(Keys(reader: reader, file: file))
    }

    static func parse(_ keys: Keys) throws(ConfigError) -> ClusterConfig {
        let names = try keys.strings("cluster.nodes")
        var nodes: [NodeConfig] = []
        for name in names {
            let addressKey = "nodes.\(name).address"
            let addressText = try keys.string(addressKey)
            let address: NodeAddress
            do {
                address = try NodeAddress(parsing: addressText)
            } catch {
                throw keys.invalid(addressKey, addressText, expected: error.expected)
            }
            var http: NodeAddress?
            if let text = keys.reader.string(forKey: ConfigKey("nodes.\(name).http")) {
                do {
                    http = try NodeAddress(parsing: text)
                } catch {
                    throw keys.invalid("nodes.\(name).http", text, expected: error.expected)
                }
            }
            var roles: Set<NodeRole> = []
            for role in keys.reader.stringArray(forKey: ConfigKey("nodes.\(name).roles")) ?? [] {
                guard let known = NodeRole(rawValue: role) else {
                    throw keys.invalid("nodes.\(name).roles", role, expected: NodeRole.allCases.map(\.rawValue).joined(separator: ", "))
                }
                roles.insert(known)
            }
            nodes.append(NodeConfig(name: name, address: address,
                                    region: try keys.string("nodes.\(name).region"),
                                    dataDir: try keys.string("nodes.\(name).dataDir"), http: http, roles: roles))
        }
        var membership = MembershipConfig()
        membership.probeIntervalMs = try keys.int("membership.probeIntervalMs", default: membership.probeIntervalMs)
        membership.pingTimeoutMs = try keys.int("membership.pingTimeoutMs", default: membership.pingTimeoutMs)
        var sharding = ShardingConfig()
        sharding.shards = try keys.int("sharding.shards", default: sharding.shards)
        if let text = keys.reader.string(forKey: ConfigKey("sharding.acknowledgement")) {
            guard let policy = AcknowledgementPolicy(rawValue: text) else {
                throw keys.invalid("sharding.acknowledgement", text,
                                   expected: AcknowledgementPolicy.allCases.map(\.rawValue).joined(separator: " or "))
            }
            sharding.acknowledgement = policy
        }
        var gateway = GatewayConfig()
        gateway.operatorKey = keys.reader.string(forKey: ConfigKey("gateway.operatorKey"))
        gateway.admission.requestsPerSecond = Double(try keys.int("gateway.requestsPerSecond",
                                                                  default: Int(gateway.admission.requestsPerSecond)))
        gateway.admission.burst = Double(try keys.int("gateway.burst", default: Int(gateway.admission.burst)))
        gateway.admission.inFlight = try keys.int("gateway.inFlight", default: gateway.admission.inFlight)
        gateway.admission.streams = try keys.int("gateway.streams", default: gateway.admission.streams)
        do {
            return try ClusterConfig(name: try keys.string("cluster.name"), nodes: nodes,
                                     seeds: try keys.strings("cluster.seeds"), membership: membership,
                                     sharding: sharding, gateway: gateway,
                                     faultInjection: try keys.bool("cluster.faultInjection", default: false))
        } catch {
            var located = error
            located.file = keys.file
            throw located
        }
    }

    /// Typed reads that name the key and the file when a value is missing or malformed.
    struct Keys {
        let reader: ConfigReader
        let file: String

        func string(_ key: String) throws(ConfigError) -> String {
            guard let value = reader.string(forKey: ConfigKey(key)), !value.isEmpty else {
                throw ConfigError(key: key, problem: .missing(expected: "a non-empty string"), file: file)
            }
            return value
        }

        func strings(_ key: String) throws(ConfigError) -> [String] {
            guard let values = reader.stringArray(forKey: ConfigKey(key)), !values.isEmpty else {
                throw ConfigError(key: key, problem: .missing(expected: "a non-empty list of names"), file: file)
            }
            return values
        }

        func int(_ key: String, default fallback: Int) throws(ConfigError) -> Int {
            guard let text = reader.string(forKey: ConfigKey(key)) else { return fallback }
            guard let value = Int(text) else { throw invalid(key, text, expected: "an integer") }
            return value
        }

        func bool(_ key: String, default fallback: Bool) throws(ConfigError) -> Bool {
            guard let text = reader.string(forKey: ConfigKey(key)) else { return fallback }
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: throw invalid(key, text, expected: "true or false")
            }
        }

        func invalid(_ key: String, _ value: String, expected: String) -> ConfigError {
            ConfigError(key: key, problem: .invalid(value: value, expected: expected), file: file)
        }
    }
}
