extension Verdicts {
    /// No contact was held by two agents, or twice by one (held: the accept or the
    /// completion was confirmed).
    static func noDoubleHandling(_ records: RunRecords) -> Verdict {
        let byContact = Dictionary(grouping: records.handlings.filter(\.held), by: \.contactId)
        let twice = byContact.filter { $0.value.count > 1 }
            .map { "\($0.key) by agents \($0.value.map { String($0.agent) }.joined(separator: " and "))" }
            .sorted()
        return Verdict(passed: twice.isEmpty,
                       figures: ["handled": Double(byContact.count), "handled_twice": Double(twice.count)],
                       detail: twice.isEmpty
                           ? "\(byContact.count) contacts handled, each by one agent once"
                           : "\(twice.count) contacts handled twice: \(examples(twice))")
    }
}
