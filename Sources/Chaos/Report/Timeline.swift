/// The run second by second, from the records alone. Point `s` covers [s, s + 1): what
/// arrived during it, and the queue, service level and occupancy as they stood at its end.
public enum Timeline {
    public static func build(_ records: RunRecords, scenario: Scenario) -> [TimelinePoint] {
        guard records.endSeconds.isFinite, records.endSeconds > 0 else { return [] }
        let seconds = Int(records.endSeconds.rounded(.up))
        let answered = Verdicts.answerTimes(records)
        let abandoned = Verdicts.abandonTimes(records)
        let arrivals = counts(records.requests.map(\.at), seconds: seconds)
        let acknowledged = counts(records.contacts.map(\.at), seconds: seconds)
        let queue = queueLengths(records.contacts, answered: answered, abandoned: abandoned, seconds: seconds)
        let levels = serviceLevels(records.contacts, answered: answered, abandoned: abandoned,
                                   threshold: scenario.thresholds.serviceLevel, seconds: seconds)
        let occupancy = occupancies(records, seconds: seconds)
        return (0..<seconds).map { second in
            TimelinePoint(second: second, arrivals: arrivals[second], acknowledged: acknowledged[second],
                          queueLength: queue[second], serviceLevel: levels[second], occupancy: occupancy[second])
        }
    }

    /// How many of `times` fall in each second.
    private static func counts(_ times: [Double], seconds: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: seconds)
        for time in times where time >= 0 && time < Double(seconds) {
            counts[Int(time.rounded(.down))] += 1
        }
        return counts
    }

    /// Acknowledged contacts that had arrived by the end of each second and had been neither
    /// answered nor abandoned by then. One that never leaves stays counted to the end: it is
    /// either still queued or lost, and the plot should show both.
    private static func queueLengths(_ contacts: [ContactRecord], answered: [String: Double], abandoned: [String: Double],
                                     seconds: Int) -> [Int] {
        var changes = [Int](repeating: 0, count: seconds + 1)
        for contact in contacts {
            let left = min(answered[contact.contactId] ?? .infinity, abandoned[contact.contactId] ?? .infinity)
            mark(&changes, from: firstSecond(endingAfter: contact.at, seconds: seconds),
                 until: firstSecond(endingAfter: max(left, contact.at), seconds: seconds))
        }
        return runningTotals(changes, seconds: seconds)
    }

    /// The service level of the contacts that arrived in the window ending with each second,
    /// judged as the service-level verdict judges them.
    private static func serviceLevels(_ contacts: [ContactRecord], answered: [String: Double], abandoned: [String: Double],
                                      threshold: Thresholds.ServiceLevel, seconds: Int) -> [Double?] {
        let sorted = contacts.filter(\.at.isFinite).sorted { $0.at < $1.at }
        // The window only slides forward, so two cursors find its contacts without searching.
        var lower = 0
        var upper = 0
        return (0..<seconds).map { second in
            let end = Double(second + 1)
            while upper < sorted.count, sorted[upper].at < end { upper += 1 }
            while lower < upper, sorted[lower].at < end - threshold.windowSeconds { lower += 1 }
            return Verdicts.serviceLevel(of: Array(sorted[lower..<upper]), answeredAt: answered, abandonedAt: abandoned,
                                         within: threshold.answeredWithinSeconds)?.level
        }
    }

    /// The share of the agents still working at the end of each second that held a contact
    /// then: accepted before it and not completed before it.
    private static func occupancies(_ records: RunRecords, seconds: Int) -> [Double] {
        let handlings = Dictionary(grouping: records.handlings.filter(\.held), by: \.agent)
        var working = [Int](repeating: 0, count: seconds)
        var busy = [Int](repeating: 0, count: seconds)
        for agent in records.agents {
            var changes = [Int](repeating: 0, count: seconds + 1)
            for handling in handlings[agent.agent] ?? [] {
                mark(&changes, from: firstSecond(endingAfter: handling.acceptedAt, seconds: seconds),
                     until: handling.completedAt.map { firstSecond(endingAfter: $0, seconds: seconds) } ?? seconds)
            }
            let held = runningTotals(changes, seconds: seconds)
            for second in 0..<seconds {
                if let goneAt = agent.goneAt, goneAt <= Double(second + 1) { continue }
                working[second] += 1
                if held[second] > 0 { busy[second] += 1 }
            }
        }
        return (0..<seconds).map { working[$0] == 0 ? 0 : Double(busy[$0]) / Double(working[$0]) }
    }

    /// The first second whose end lies after `time` (the first `s` with `time < s + 1`), or
    /// `seconds` when none does.
    private static func firstSecond(endingAfter time: Double, seconds: Int) -> Int {
        // Also sends NaN and +∞ past the end.
        guard time < Double(seconds) else { return seconds }
        guard time >= 0 else { return 0 }
        return Int(time.rounded(.down))
    }

    /// Counts something over the seconds `from..<until` by its two ends, so that a run of
    /// seconds costs two writes and `runningTotals` recovers the count in each second.
    private static func mark(_ changes: inout [Int], from: Int, until: Int) {
        guard from < until else { return }
        changes[from] += 1
        changes[until] -= 1
    }

    private static func runningTotals(_ changes: [Int], seconds: Int) -> [Int] {
        var total = 0
        return (0..<seconds).map { second in
            total += changes[second]
            return total
        }
    }
}
