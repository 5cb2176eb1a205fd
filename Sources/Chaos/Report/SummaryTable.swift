import Foundation

/// The report as a person reads it at the end of a run or in a CI log: failed verdicts
/// first, then the run's figures, the faults and recoveries, and for a failure the command
/// that replays it. No trailing newline, so it prints as it is.
public enum SummaryTable {
    public static func render(_ report: ChaosReport) -> String {
        var lines = ["chaos \(report.scenario) · seed \(report.seed) · \(report.passed ? "PASSED" : "FAILED")", ""]
        let verdicts = report.verdicts.sorted { lhs, rhs in
            lhs.value.passed == rhs.value.passed ? lhs.key < rhs.key : !lhs.value.passed
        }
        lines += table([["verdict", "result", "detail"]]
            + verdicts.map { [$0.key, $0.value.passed ? "pass" : "FAIL", $0.value.detail] })
        if !report.figures.isEmpty {
            let width = report.figures.keys.map(\.count).max() ?? 0
            lines += ["", "figures"]
            lines += report.figures.sorted { $0.key < $1.key }.map { "  " + padded($0.key, to: width) + "  " + figure($0.value) }
        }
        if !report.faults.isEmpty {
            lines += ["", "faults"]
            lines += report.faults.sorted { $0.at < $1.at }.map { "  " + line(for: $0) }
        }
        if !report.recoveries.isEmpty {
            lines += ["", "recoveries"]
            lines += report.recoveries.map { "  " + line(for: $0) }
        }
        if !report.passed {
            lines += ["", "replay: \(report.replay)"]
        }
        return lines.joined(separator: "\n")
    }

    private static func line(for fault: FaultRecord) -> String {
        let until = fault.until.map { String(format: " (until %.1f s)", $0) } ?? ""
        return String(format: "at %.1f s  ", fault.at) + fault.label + until
    }

    private static func line(for recovery: RecoveryRecord) -> String {
        let took = recovery.seconds.map { String(format: "%.1f s", $0) } ?? "never"
        return "\(recovery.kind.rawValue) after \(recovery.fault): \(took)"
    }

    /// Rows padded so each column starts in the same place; the last one runs free.
    private static func table(_ rows: [[String]]) -> [String] {
        guard let columns = rows.first?.count else { return [] }
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { column in column == columns - 1 ? row[column] : padded(row[column], to: widths[column]) }
                .joined(separator: "  ")
        }
    }

    private static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// Counts read as counts; measured values keep two decimals.
    private static func figure(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.2f", value)
    }
}
