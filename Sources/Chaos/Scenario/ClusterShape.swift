/// How many nodes each region has. Nodes are named n1, n2, … in the order of the regions.
public struct ClusterShape: Codable, Sendable, Equatable {
    public struct Region: Codable, Sendable, Equatable {
        public var name: String
        public var nodes: Int

        public init(name: String, nodes: Int) {
            self.name = name
            self.nodes = nodes
        }
    }

    public var regions: [Region]
    /// SWIM's probe period; detection and failover times scale with it.
    public var probeIntervalMs: Int

    public init(regions: [Region], probeIntervalMs: Int = 500) {
        self.regions = regions
        self.probeIntervalMs = probeIntervalMs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        regions = try container.decode([Region].self, forKey: .regions)
        probeIntervalMs = try container.decodeIfPresent(Int.self, forKey: .probeIntervalMs) ?? 500
    }

    public var nodes: [(name: String, region: String)] {
        var nodes: [(String, String)] = []
        for region in regions {
            for _ in 0..<region.nodes { nodes.append(("n\(nodes.count + 1)", region.name)) }
        }
        return nodes
    }

    public var nodeNames: [String] { nodes.map(\.name) }

    public func nodes(in region: String) -> [String] {
        nodes.filter { $0.region == region }.map(\.name)
    }

    func validate() throws(ScenarioError) {
        guard !regions.isEmpty else { throw ScenarioError(path: "cluster.regions", problem: "must name at least one region") }
        guard Set(regions.map(\.name)).count == regions.count else {
            throw ScenarioError(path: "cluster.regions", problem: "must not name a region twice")
        }
        for (index, region) in regions.enumerated() {
            guard !region.name.isEmpty, region.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw ScenarioError(path: "cluster.regions[\(index)].name", problem: "must be letters, digits and dashes")
            }
            guard (1...9).contains(region.nodes) else {
                throw ScenarioError(path: "cluster.regions[\(index)].nodes", problem: "must be from 1 to 9")
            }
        }
        guard (1...20).contains(nodes.count) else {
            throw ScenarioError(path: "cluster.regions", problem: "must add up to 1 to 20 nodes")
        }
        guard (100...5_000).contains(probeIntervalMs) else {
            throw ScenarioError(path: "cluster.probeIntervalMs", problem: "must be from 100 to 5000")
        }
    }
}
