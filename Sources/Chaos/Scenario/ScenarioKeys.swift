import Yams

/// The keys a scenario file may use, by where they sit: a misspelt optional key would
/// otherwise be ignored in silence and the run would test something else.
enum ScenarioKeys {
    /// Path pattern (list items as `[]`) → allowed keys; nil where any key is a name (channels).
    static let known: [String: Set<String>?] = [
        "": ["name", "description", "seed", "cluster", "tenant", "load", "faults", "thresholds"],
        "cluster": ["regions", "probeIntervalMs"],
        "cluster.regions[]": ["name", "nodes"],
        "tenant": ["queues", "agents"],
        "tenant.queues[]": ["id", "region", "overflow"],
        "tenant.queues[].overflow": ["afterSeconds", "queue"],
        "tenant.agents[]": ["region", "count", "capacity", "wrapUpSeconds"],
        "tenant.agents[].capacity": nil,
        "load": ["seconds", "drainSeconds", "arrivals", "spike", "channels", "handleSeconds", "minimumHandleSeconds",
                 "patienceSeconds", "customers"],
        "load.arrivals[]": ["queue", "perSecond"],
        "load.spike": ["factor", "fromSecond", "seconds"],
        "load.channels": nil,
        "faults[]": ["at", "kind", "node", "isolate", "oneWay", "region", "seconds", "restartAfter", "milliseconds",
                     "jitterMilliseconds", "probability"],
        "thresholds": ["serviceLevel", "spike", "overflowToleranceSeconds", "failoverSeconds", "convergenceSeconds"],
        "thresholds.serviceLevel": ["answeredWithinSeconds", "target", "windowSeconds"],
        "thresholds.spike": ["p99Milliseconds", "recoverWithinSeconds"],
    ]

    static func check(_ text: String) throws(ScenarioError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ScenarioError(path: "scenario", problem: "is not valid YAML: \(error)")
        }
        guard let root else { throw ScenarioError(path: "scenario", problem: "is empty") }
        try check(root, pattern: "", path: "")
    }

    private static func check(_ node: Node, pattern: String, path: String) throws(ScenarioError) {
        switch node {
        case .mapping(let mapping):
            guard let allowed = known[pattern] else { return }
            for (key, value) in mapping {
                let name = key.string ?? ""
                let childPattern = pattern.isEmpty ? name : pattern + "." + name
                let childPath = path.isEmpty ? name : path + "." + name
                if let allowed, !allowed.contains(name) {
                    throw ScenarioError(path: childPath, problem: "is not a key here; expected one of \(allowed.sorted())")
                }
                try check(value, pattern: childPattern, path: childPath)
            }
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() {
                try check(item, pattern: pattern + "[]", path: path + "[\(index)]")
            }
        default:
            return
        }
    }
}
