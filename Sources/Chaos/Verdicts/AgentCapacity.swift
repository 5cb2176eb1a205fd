extension Verdicts {
    /// No agent ever held more contacts of a channel at once than its capacity for it. A
    /// contact is held from the accept the agent sent to the completion it sent.
    static func agentCapacity(_ records: RunRecords) -> Verdict {
        let capacities = Dictionary(records.agents.map { ($0.agent, $0.capacity) }, uniquingKeysWith: { first, _ in first })
        var worst = 0.0
        var over: [String] = []
        let groups = Dictionary(grouping: records.handlings.filter(\.held)) { "\($0.agent)/\($0.channel)" }
        for (_, handlings) in groups.sorted(by: { $0.key < $1.key }) {
            guard let first = handlings.first else { continue }
            let capacity = capacities[first.agent]?[first.channel] ?? 0
            // A release at the same instant as an acceptance comes first.
            var changes: [(at: Double, step: Int)] = []
            for handling in handlings {
                changes.append((handling.acceptedAt, 1))
                changes.append((handling.completedAt ?? .infinity, -1))
            }
            changes.sort { $0.at == $1.at ? $0.step < $1.step : $0.at < $1.at }
            var held = 0
            var peak = 0
            for change in changes {
                held += change.step
                peak = max(peak, held)
            }
            worst = max(worst, capacity > 0 ? Double(peak) / Double(capacity) : .infinity)
            if peak > capacity {
                over.append("agent \(first.agent) held \(peak) \(first.channel) contacts with capacity \(capacity)")
            }
        }
        return Verdict(passed: over.isEmpty,
                       figures: ["agents_over_capacity": Double(over.count), "peak_share_of_capacity": worst.isFinite ? worst : -1],
                       detail: over.isEmpty ? "no agent over its capacity on any channel" : examples(over))
    }
}
