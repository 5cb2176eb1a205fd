extension Verdicts {
    /// The share of `contacts` answered within `within` seconds of arriving. Customers who
    /// gave up sooner than that are left out, as contact centers count it; nil without any
    /// contact to count.
    static func serviceLevel(of contacts: [ContactRecord], answeredAt: [String: Double], abandonedAt: [String: Double],
                             within: Double) -> (level: Double, counted: Int)? {
        var counted = 0
        var inTime = 0
        for contact in contacts {
            if let answered = answeredAt[contact.contactId] {
                counted += 1
                if answered - contact.at <= within { inTime += 1 }
            } else if let abandoned = abandonedAt[contact.contactId], abandoned - contact.at <= within {
                continue
            } else {
                counted += 1
            }
        }
        return counted == 0 ? nil : (Double(inTime) / Double(counted), counted)
    }

    static func answerTimes(_ records: RunRecords) -> [String: Double] {
        records.handlings.filter(\.held).reduce(into: [:]) { times, handling in
            times[handling.contactId] = min(times[handling.contactId] ?? .infinity, handling.acceptedAt)
        }
    }

    static func abandonTimes(_ records: RunRecords) -> [String: Double] {
        Dictionary(records.abandons.map { ($0.contactId, $0.at) }, uniquingKeysWith: min)
    }

    /// The steady state works before anything is done to it: contacts that arrived before
    /// the first spike or fault meet the service-level target.
    static func serviceLevel(_ records: RunRecords, scenario: Scenario) -> Verdict {
        let disturbed = ([scenario.load.spike?.fromSecond] + records.faults.map(\.at)).compactMap { $0 }.min()
            ?? records.loadSeconds
        let threshold = scenario.thresholds.serviceLevel
        let steady = records.contacts.filter { $0.at < disturbed }
        guard let measured = serviceLevel(of: steady, answeredAt: answerTimes(records), abandonedAt: abandonTimes(records),
                                          within: threshold.answeredWithinSeconds) else {
            return Verdict(passed: false, figures: ["steady_seconds": disturbed],
                           detail: "no contact arrived in the \(Int(disturbed)) s before the first disturbance")
        }
        let passed = measured.level >= threshold.target
        return Verdict(passed: passed,
                       figures: ["service_level": measured.level, "target": threshold.target, "contacts": Double(measured.counted),
                                 "steady_seconds": disturbed],
                       detail: String(format: "%.1f%% of %d contacts before the first disturbance answered within %.0f s (target %.0f%%)",
                                      measured.level * 100, measured.counted, threshold.answeredWithinSeconds, threshold.target * 100))
    }
}
