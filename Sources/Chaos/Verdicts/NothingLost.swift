extension Verdicts {
    /// Every acknowledged contact was completed by an agent, abandoned by its customer, or
    /// is still queued (or being offered) and visible through the API at the end. A step
    /// whose answer the agent or customer never heard counts when the final audit shows
    /// it applied. A contact back in the queue after an agent's confirmed accept was lost
    /// by the cluster, even though it is visible.
    static func nothingLost(_ records: RunRecords) -> Verdict {
        let completed = Set(records.handlings.filter(\.completed).map(\.contactId))
        let completionUnsure = Set(records.handlings.filter(\.completionUnsure).map(\.contactId))
        let accepted = Dictionary(records.handlings.filter(\.acceptConfirmed).map { ($0.contactId, $0.agent) },
                                  uniquingKeysWith: { first, _ in first })
        let abandoned = Set(records.abandons.filter(\.confirmed).map(\.contactId))
        let abandonUnsure = Set(records.abandons.filter { !$0.confirmed }.map(\.contactId))
        var settledByAudit = 0
        var abandonedByAudit = 0
        var queued = 0
        var lost: [String] = []
        for id in records.openContacts {
            let state = records.finalStates[id] ?? "missing"
            if completionUnsure.contains(id), ["wrap-up", "completed"].contains(state) {
                settledByAudit += 1
            } else if abandonUnsure.contains(id), state == "abandoned" {
                abandonedByAudit += 1
            } else if ["queued", "offered"].contains(state), let agent = accepted[id] {
                lost.append("\(id) (\(state) again after agent \(agent)'s confirmed accept)")
            } else if ["queued", "offered"].contains(state) {
                queued += 1
            } else {
                lost.append("\(id) (\(state))")
            }
        }
        let acknowledged = Set(records.contacts.map(\.contactId))
        let figures: [String: Double] = [
            "acknowledged": Double(acknowledged.count),
            "completed": Double(completed.intersection(acknowledged).count + settledByAudit),
            "completed_per_audit": Double(settledByAudit),
            "abandoned": Double(abandoned.subtracting(completed).intersection(acknowledged).count + abandonedByAudit),
            "still_queued": Double(queued),
            "lost": Double(lost.count),
        ]
        return Verdict(passed: lost.isEmpty, figures: figures,
                       detail: lost.isEmpty
                           ? "all \(acknowledged.count) acknowledged contacts accounted for"
                           : "\(lost.count) acknowledged contacts neither completed, abandoned nor queued: \(examples(lost))")
    }
}
