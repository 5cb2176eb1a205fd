extension Verdicts {
    /// Every acknowledged contact was completed by an agent, abandoned by its customer, or
    /// is still queued (or being offered) and visible through the API at the end.
    static func nothingLost(_ records: RunRecords) -> Verdict {
        let completed = Set(records.handlings.filter(\.completed).map(\.contactId))
        let abandoned = Set(records.abandons.map(\.contactId))
        var queued = 0
        var lost: [String] = []
        for contact in records.contacts where !completed.contains(contact.contactId) && !abandoned.contains(contact.contactId) {
            let state = records.finalStates[contact.contactId] ?? "missing"
            if ["queued", "offered"].contains(state) { queued += 1 } else { lost.append("\(contact.contactId) (\(state))") }
        }
        let acknowledged = Set(records.contacts.map(\.contactId))
        let figures: [String: Double] = [
            "acknowledged": Double(acknowledged.count),
            "completed": Double(completed.intersection(acknowledged).count),
            "abandoned": Double(abandoned.subtracting(completed).intersection(acknowledged).count),
            "still_queued": Double(queued),
            "lost": Double(lost.count),
        ]
        return Verdict(passed: lost.isEmpty, figures: figures,
                       detail: lost.isEmpty
                           ? "all \(acknowledged.count) acknowledged contacts accounted for"
                           : "\(lost.count) acknowledged contacts neither completed, abandoned nor queued: \(examples(lost))")
    }
}
