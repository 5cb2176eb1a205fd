extension Verdicts {
    /// Every measured recovery of `kind` happened, within `bound` seconds.
    static func recovery(_ records: RunRecords, kind: RecoveryRecord.Kind, bound: Double) -> Verdict {
        let measured = records.recoveries.filter { $0.kind == kind }
        let slow = measured.filter { ($0.seconds ?? .infinity) > bound }
        let worst = measured.compactMap(\.seconds).max() ?? 0
        let what = kind == .failover ? "every shard served again" : "membership converged"
        let passed = !measured.isEmpty && slow.isEmpty
        let detail: String
        if measured.isEmpty {
            detail = "nothing was measured: no fault that needs it ran"
        } else if slow.isEmpty {
            detail = String(format: "%@ after each of %d faults, at worst in %.1f s (bound %.0f s)", what, measured.count, worst, bound)
        } else {
            detail = "not \(what) within \(Int(bound)) s after: "
                + examples(slow.map { "\($0.fault) (\($0.seconds.map { String(format: "%.1f s", $0) } ?? "never"))" })
        }
        return Verdict(passed: passed,
                       figures: ["measured": Double(measured.count), "worst_seconds": worst, "bound_seconds": bound,
                                 "over_bound": Double(slow.count)],
                       detail: detail)
    }
}
