/// One fault on the schedule, `at` seconds after the load began. Every fault the runner
/// injects it also undoes: by the step's own end, or when the run ends or is interrupted.
public struct FaultStep: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// SIGKILL `node`; start it again after `restartAfter` seconds (if given).
        case kill
        /// SIGSTOP `node` for `seconds`, then SIGCONT.
        case pause
        /// Cut `isolate` off from the other nodes for `seconds` (both ways unless `oneWay`:
        /// then only traffic from `isolate` to the rest is dropped).
        case partition
        /// Delay every frame between `node` and the others by `milliseconds` ± `jitterMilliseconds`.
        case delay
        /// Drop each frame between `node` and the others with `probability`.
        case loss
        /// SIGTERM, then restart, each node in turn, waiting until all shards are served between them.
        case rollingRestart = "rolling-restart"
        /// SIGKILL every node of `region` and disconnect its agents: the region is gone for the rest of the run.
        case regionDown = "region-down"
    }

    public var at: Double
    public var kind: Kind
    /// A node name (n1…), or `primary:<region>`: the node that is primary of the
    /// tenant's routing domain in that region when the fault fires.
    public var node: String?
    public var isolate: [String]?
    public var oneWay: Bool?
    public var region: String?
    public var seconds: Double?
    public var restartAfter: Double?
    public var milliseconds: Int?
    public var jitterMilliseconds: Int?
    public var probability: Double?

    public init(at: Double, kind: Kind, node: String? = nil, isolate: [String]? = nil, oneWay: Bool? = nil,
                region: String? = nil, seconds: Double? = nil, restartAfter: Double? = nil, milliseconds: Int? = nil,
                jitterMilliseconds: Int? = nil, probability: Double? = nil) {
        self.at = at
        self.kind = kind
        self.node = node
        self.isolate = isolate
        self.oneWay = oneWay
        self.region = region
        self.seconds = seconds
        self.restartAfter = restartAfter
        self.milliseconds = milliseconds
        self.jitterMilliseconds = jitterMilliseconds
        self.probability = probability
    }

    /// Whether shards must fail over after this step.
    var killsNodes: Bool { kind == .kill || kind == .regionDown }

    /// Whether membership must converge again after this step.
    var needsConvergence: Bool {
        kind == .kill ? restartAfter != nil : [.pause, .partition, .delay, .loss, .rollingRestart].contains(kind)
    }

    /// A short label for progress lines, reports and plots.
    public var label: String {
        switch kind {
        case .kill: "kill \(node ?? "?")" + (restartAfter.map { ", restart after \(Int($0)) s" } ?? "")
        case .pause: "pause \(node ?? "?") \(Int(seconds ?? 0)) s"
        case .partition: "partition \((isolate ?? []).joined(separator: ",")) \(oneWay == true ? "one-way " : "")\(Int(seconds ?? 0)) s"
        case .delay: "delay \(node ?? "?") \(milliseconds ?? 0)±\(jitterMilliseconds ?? 0) ms"
        case .loss: "loss \(node ?? "?") \(Int((probability ?? 0) * 100))%"
        case .rollingRestart: "rolling restart"
        case .regionDown: "region \(region ?? "?") down"
        }
    }

    func validate(path: String, nodes: Set<String>, regions: [String], loadSeconds: Double) throws(ScenarioError) {
        guard at >= 0, at < loadSeconds else {
            throw ScenarioError(path: path + ".at", problem: "must be within the load's \(loadSeconds) s")
        }
        func requireNode() throws(ScenarioError) {
            guard let node else { throw ScenarioError(path: path + ".node", problem: "is needed by a \(kind.rawValue) fault") }
            if node.hasPrefix("primary:") {
                guard regions.contains(String(node.dropFirst("primary:".count))) else {
                    throw ScenarioError(path: path + ".node", problem: "names no region of the cluster \(regions)")
                }
            } else if !nodes.contains(node) {
                throw ScenarioError(path: path + ".node", problem: "must be one of \(nodes.sorted()) or primary:<region>")
            }
        }
        func requireSeconds() throws(ScenarioError) {
            guard let seconds, seconds > 0, seconds <= 600 else {
                throw ScenarioError(path: path + ".seconds", problem: "must be above 0 and at most 600")
            }
        }
        switch kind {
        case .kill:
            try requireNode()
            if let restartAfter, !(0...600).contains(restartAfter) {
                throw ScenarioError(path: path + ".restartAfter", problem: "must be from 0 to 600")
            }
        case .pause:
            try requireNode()
            try requireSeconds()
        case .partition:
            try requireSeconds()
            guard let isolate, !isolate.isEmpty, isolate.allSatisfy(nodes.contains), Set(isolate).count < nodes.count else {
                throw ScenarioError(path: path + ".isolate", problem: "must name some, not all, of \(nodes.sorted())")
            }
        case .delay:
            try requireNode()
            try requireSeconds()
            guard let milliseconds, (1...10_000).contains(milliseconds), (0...10_000).contains(jitterMilliseconds ?? 0) else {
                throw ScenarioError(path: path + ".milliseconds", problem: "must be from 1 to 10000 (jitter 0 to 10000)")
            }
        case .loss:
            try requireNode()
            try requireSeconds()
            guard let probability, probability > 0, probability <= 1 else {
                throw ScenarioError(path: path + ".probability", problem: "must be above 0 and at most 1")
            }
        case .rollingRestart:
            break
        case .regionDown:
            guard let region, regions.contains(region) else {
                throw ScenarioError(path: path + ".region", problem: "must be one of the cluster's regions \(regions)")
            }
            guard regions.count > 1 else {
                throw ScenarioError(path: path + ".region", problem: "cannot be the cluster's only region")
            }
        }
    }
}
