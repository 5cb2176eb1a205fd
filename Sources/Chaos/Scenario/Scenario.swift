/// One chaos scenario, as an SRE writes it in `chaos/scenarios/<name>.yaml`: the cluster's
/// shape, the tenant, the load, the faults and the thresholds each verdict uses.
public struct Scenario: Codable, Sendable, Equatable {
    public var name: String
    public var description: String
    /// Arrivals, channels, patience and handle times all follow from it; `--seed` overrides it.
    public var seed: UInt64
    public var cluster: ClusterShape
    public var tenant: TenantShape
    public var load: LoadProfile
    public var faults: [FaultStep]
    public var thresholds: Thresholds

    public init(name: String, description: String, seed: UInt64, cluster: ClusterShape, tenant: TenantShape,
                load: LoadProfile, faults: [FaultStep], thresholds: Thresholds) {
        self.name = name
        self.description = description
        self.seed = seed
        self.cluster = cluster
        self.tenant = tenant
        self.load = load
        self.faults = faults
        self.thresholds = thresholds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        cluster = try container.decode(ClusterShape.self, forKey: .cluster)
        tenant = try container.decode(TenantShape.self, forKey: .tenant)
        load = try container.decode(LoadProfile.self, forKey: .load)
        faults = try container.decodeIfPresent([FaultStep].self, forKey: .faults) ?? []
        thresholds = try container.decode(Thresholds.self, forKey: .thresholds)
    }

    /// Everything a run would otherwise trip over, named by its path in the file.
    public func validate() throws(ScenarioError) {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw ScenarioError(path: "name", problem: "must be letters, digits and dashes")
        }
        try cluster.validate()
        try tenant.validate(regions: cluster.regions.map(\.name))
        try load.validate(queues: tenant.queues.map(\.id))
        let nodes = Set(cluster.nodeNames)
        for (index, fault) in faults.enumerated() {
            try fault.validate(path: "faults[\(index)]", nodes: nodes, regions: cluster.regions.map(\.name),
                               loadSeconds: load.seconds)
        }
        try thresholds.validate()
        if thresholds.failoverSeconds == nil, faults.contains(where: \.killsNodes) {
            throw ScenarioError(path: "thresholds.failoverSeconds", problem: "is needed by a scenario that kills nodes")
        }
        if thresholds.convergenceSeconds == nil, faults.contains(where: \.needsConvergence) {
            throw ScenarioError(path: "thresholds.convergenceSeconds",
                                problem: "is needed by a scenario that restarts nodes or cuts links")
        }
        if thresholds.failoverSeconds != nil, !faults.contains(where: \.killsNodes) {
            throw ScenarioError(path: "thresholds.failoverSeconds", problem: "has nothing to measure: no fault kills a node")
        }
        if thresholds.convergenceSeconds != nil, !faults.contains(where: \.needsConvergence) {
            throw ScenarioError(path: "thresholds.convergenceSeconds",
                                problem: "has nothing to measure: no fault restarts, pauses or cuts off a node")
        }
        if thresholds.spike != nil, load.spike == nil {
            throw ScenarioError(path: "thresholds.spike", problem: "has nothing to judge: the load has no spike")
        }
        if load.spike != nil, thresholds.spike == nil {
            throw ScenarioError(path: "thresholds.spike", problem: "is needed by a scenario with a spike")
        }
        if thresholds.overflowToleranceSeconds != nil, !tenant.queues.contains(where: { $0.overflow != nil }) {
            throw ScenarioError(path: "thresholds.overflowToleranceSeconds", problem: "needs a queue with an overflow rule")
        }
    }

    /// The node names in start order, with their regions.
    public var nodes: [(name: String, region: String)] { cluster.nodes }
}

/// A scenario file's mistake: where it is and what is wrong.
public struct ScenarioError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path) \(problem)" }
}
