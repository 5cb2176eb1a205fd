extension Verdicts {
    /// During the spike every request got an answer the API promises (2xx, or 429 with
    /// Retry-After), and the 99th percentile of their latencies stayed under the bound.
    static func spikeAnswered(_ records: RunRecords, spike: LoadProfile.Spike, bounds: Thresholds.Spike) -> Verdict {
        let during = records.requests.filter { $0.at >= spike.fromSecond && $0.at < spike.until }
        let unanswered = during.filter { !$0.answered }
        let p99 = percentile(during.map(\.latencyMs), 0.99) ?? 0
        let refused = during.filter { $0.status == 429 }.count
        let statuses = Dictionary(grouping: unanswered, by: \.status).map { "\($0.value.count) × \($0.key == 0 ? "no answer" : String($0.key))" }
        let passed = !during.isEmpty && unanswered.isEmpty && p99 <= bounds.p99Milliseconds
        var detail = String(format: "%d requests in the spike, %d refused with 429, p99 %.0f ms (bound %.0f ms)",
                            during.count, refused, p99, bounds.p99Milliseconds)
        if !unanswered.isEmpty { detail += "; not answered as promised: " + statuses.sorted().joined(separator: ", ") }
        return Verdict(passed: passed,
                       figures: ["requests": Double(during.count), "refused_429": Double(refused),
                                 "unanswered": Double(unanswered.count), "p99_ms": p99, "p99_bound_ms": bounds.p99Milliseconds],
                       detail: detail)
    }

    /// After the spike, the service level comes back: the first window of arrivals that
    /// meets the target again ends within the bound after the spike ends.
    static func spikeRecovery(_ records: RunRecords, spike: LoadProfile.Spike, bounds: Thresholds.Spike,
                              level: Thresholds.ServiceLevel) -> Verdict {
        let answered = answerTimes(records)
        let abandoned = abandonTimes(records)
        var recovered: Double?
        var start = spike.until
        // Windows slide by a second; the last one must end before the load does.
        while start + level.windowSeconds <= records.loadSeconds, recovered == nil {
            let window = records.contacts.filter { $0.at >= start && $0.at < start + level.windowSeconds }
            if let measured = serviceLevel(of: window, answeredAt: answered, abandonedAt: abandoned,
                                           within: level.answeredWithinSeconds), measured.level >= level.target {
                recovered = start + level.windowSeconds - spike.until
            }
            start += 1
        }
        let during = serviceLevel(of: records.contacts.filter { $0.at >= spike.fromSecond && $0.at < spike.until },
                                  answeredAt: answered, abandonedAt: abandoned, within: level.answeredWithinSeconds)
        var figures: [String: Double] = ["bound_seconds": bounds.recoverWithinSeconds,
                                         "service_level_during_spike": during?.level ?? -1]
        if let recovered { figures["recovered_after_seconds"] = recovered }
        let passed = recovered.map { $0 <= bounds.recoverWithinSeconds } ?? false
        return Verdict(passed: passed, figures: figures,
                       detail: recovered.map {
                           String(format: "service level back to %.0f%% %.0f s after the spike (bound %.0f s)",
                                  level.target * 100, $0, bounds.recoverWithinSeconds)
                       } ?? "the service level did not recover before the load ended")
    }

    static func percentile(_ values: [Double], _ share: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * share).rounded(.up)) - 1)]
    }
}
