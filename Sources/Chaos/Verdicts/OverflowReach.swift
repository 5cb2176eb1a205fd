extension Verdicts {
    /// A contact still waiting when its queue's overflow time passes is answered within
    /// that time plus the tolerance — unless its customer gave up first — and at least one
    /// such contact crossed to the overflow queue's region, or the scenario proved nothing.
    /// (One answered at home just after its overflow time, by an agent freed while the
    /// overflow was in flight, was still served in time.)
    static func overflowReach(_ records: RunRecords, tenant: TenantShape, tolerance: Double) -> Verdict {
        let answered = Dictionary(records.handlings.filter(\.held).map { ($0.contactId, $0) }, uniquingKeysWith: { $0.acceptedAt <= $1.acceptedAt ? $0 : $1 })
        let abandoned = abandonTimes(records)
        var due = 0
        var crossed = 0
        var late: [String] = []
        var worst = 0.0
        for contact in records.contacts {
            guard let queue = tenant.queue(contact.queue), let overflow = queue.overflow,
                  let target = tenant.queue(overflow.queue) else { continue }
            let after = Double(overflow.afterSeconds)
            let deadline = contact.at + after + tolerance
            // Answered before its overflow time, or abandoned before it was due: not this rule's business.
            if let handling = answered[contact.contactId], handling.acceptedAt - contact.at <= after { continue }
            if let gaveUp = abandoned[contact.contactId], gaveUp <= deadline { continue }
            // Still unanswered when the run stopped looking.
            if answered[contact.contactId] == nil, deadline > records.endSeconds { continue }
            due += 1
            guard let handling = answered[contact.contactId] else {
                late.append("\(contact.contactId) never answered")
                continue
            }
            worst = max(worst, handling.acceptedAt - contact.at)
            if handling.region == target.region { crossed += 1 }
            if handling.acceptedAt > deadline {
                late.append(String(format: "%@ answered in %@ after %.1f s", contact.contactId, handling.region,
                                   handling.acceptedAt - contact.at))
            }
        }
        let passed = crossed > 0 && late.isEmpty
        let detail: String
        if crossed == 0 {
            detail = "no contact crossed to the overflow region (\(due) were due)"
        } else if late.isEmpty {
            detail = String(format: "%d contacts reached the overflow region, the slowest after %.1f s", crossed, worst)
        } else {
            detail = "\(late.count) of \(due) did not reach the overflow region in time: \(examples(late))"
        }
        return Verdict(passed: passed,
                       figures: ["due": Double(due), "crossed": Double(crossed), "late": Double(late.count),
                                 "slowest_seconds": worst, "tolerance_seconds": tolerance],
                       detail: detail)
    }
}
