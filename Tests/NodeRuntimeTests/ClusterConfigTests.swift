import Foundation
@testable import NodeRuntime
import Testing
import Transport

struct ClusterConfigTests {
    /// The repository's own definitions load and validate.
    @Test(arguments: ["single", "three-node", "two-regions"])
    func shippedDefinitionsLoad(_ name: String) async throws {
        let config = try await ClusterConfigLoader.load(file: "cluster-config/\(name).yaml", environment: [:])
        #expect(config.name == name)
        #expect(!config.nodes.isEmpty)
        #expect(Set(config.nodes.map(\.address)).count == config.nodes.count)
        #expect(config.nodes.allSatisfy { $0.address.host.hasPrefix("127.") })
    }

    @Test func twoRegionsHasFiveNodesInTwoRegions() async throws {
        let config = try await ClusterConfigLoader.load(file: "cluster-config/two-regions.yaml", environment: [:])
        #expect(config.nodes.count == 5)
        #expect(config.regions == ["cn-east", "cn-south"])
        #expect(config.seedAddresses.count == 2)
    }

    @Test func environmentOverridesTheFile() async throws {
        let config = try await ClusterConfigLoader.load(
            file: "cluster-config/three-node.yaml",
            environment: ["NODES_N2_ADDRESS": "127.0.0.42:9000", "MEMBERSHIP_PROBE_INTERVAL_MS": "2000"])
        #expect(config.node(named: "n2")?.address == NodeAddress(host: "127.0.0.42", port: 9000))
        #expect(config.membership.probeIntervalMs == 2000)
    }

    struct BadFile: CustomTestStringConvertible, Sendable {
        var yaml: String
        var key: String
        var says: String
        var testDescription: String { key }
    }

    static let badFiles: [BadFile] = [
        BadFile(yaml: "cluster: { nodes: [a], seeds: [a] }\nnodes: { a: { address: '127.0.0.2:1', region: r, dataDir: d } }",
                key: "cluster.name", says: "is missing"),
        BadFile(yaml: "cluster: { name: c, nodes: [a], seeds: [a] }\nnodes: { a: { address: 'nowhere', region: r, dataDir: d } }",
                key: "nodes.a.address", says: "host:port"),
        BadFile(yaml: "cluster: { name: c, nodes: [a], seeds: [b] }\nnodes: { a: { address: '127.0.0.2:1', region: r, dataDir: d } }",
                key: "cluster.seeds", says: "one of the nodes: a"),
        BadFile(yaml: "cluster: { name: c, nodes: [a, b], seeds: [a] }\nnodes: { a: { address: '127.0.0.2:1', region: r, dataDir: d }, b: { address: '127.0.0.2:1', region: r, dataDir: e } }",
                key: "nodes.b.address", says: "not used by a"),
        BadFile(yaml: "cluster: { name: c, nodes: [a], seeds: [a] }\nnodes: { a: { address: '127.0.0.2:1', region: r, dataDir: d } }\nmembership: { probeIntervalMs: fast }",
                key: "membership.probeIntervalMs", says: "an integer"),
        BadFile(yaml: "cluster: { name: c, nodes: [a], seeds: [a] }\nnodes: { a: { address: '127.0.0.2:1', dataDir: d } }",
                key: "nodes.a.region", says: "is missing"),
    ]

    /// A bad value stops startup with the key, the file and what was expected.
    @Test(arguments: badFiles)
    func badValuesNameKeyFileAndExpectation(_ bad: BadFile) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml").path
        try bad.yaml.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }

        await #expect {
            _ = try await ClusterConfigLoader.load(file: file, environment: [:])
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.key == bad.key && error.file == file && error.description.contains(bad.says)
        }
    }

    @Test func unreadableFilesSayWhich() async throws {
        await #expect {
            _ = try await ClusterConfigLoader.load(file: "/nonexistent/cluster.yaml", environment: [:])
        } throws: { error in
            (error as? ConfigError)?.description.contains("/nonexistent/cluster.yaml") == true
        }
    }
}
