extension Verdicts {
    /// Every acknowledged contact is in its customer's session at the end, once: routing
    /// domains send contacts on to sessions after answering, so a contact acknowledged
    /// just before its domain's primary was killed must still get there, through the new
    /// primary, and one sent by both must not show twice.
    static func sessionsComplete(_ records: RunRecords) -> Verdict {
        var missing: [String] = []
        var twice: [String] = []
        var audited = 0
        for contact in records.contacts {
            guard let customer = contact.customer else { continue }
            audited += 1
            let held = records.sessions["\(customer)"] ?? []
            switch held.count(where: { $0 == contact.contactId }) {
            case 0: missing.append("\(contact.contactId) (customer \(customer))")
            case 1: continue
            default: twice.append("\(contact.contactId) (customer \(customer))")
            }
        }
        let figures: [String: Double] = [
            "audited": Double(audited),
            "customers": Double(records.sessions.count),
            "missing": Double(missing.count),
            "twice": Double(twice.count),
        ]
        let passed = missing.isEmpty && twice.isEmpty
        let detail = passed
            ? "all \(audited) acknowledged contacts in their customers' sessions, once"
            : [missing.isEmpty ? nil : "\(missing.count) missing from their sessions: \(examples(missing))",
               twice.isEmpty ? nil : "\(twice.count) in their sessions twice: \(examples(twice))"]
                .compactMap { $0 }.joined(separator: "; ")
        return Verdict(passed: passed, figures: figures, detail: detail)
    }
}
