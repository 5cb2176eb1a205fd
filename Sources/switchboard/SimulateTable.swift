import ContactCenter
import Foundation

/// The human-readable report of `switchboard simulate`.
enum SimulateTable {
    static func render(_ report: SimulationReport, wallSeconds: Double, allIntervals: Bool) -> String {
        var lines: [String] = []
        lines.append(String(format: "simulate: seed %llu, %.1f h of arrivals (first %.1f h left out), %d agents, %d contacts, %d events in %.2f s",
                            report.seed, report.durationSeconds / 3600, report.warmUpSeconds / 3600, report.agents,
                            report.contacts, report.events, wallSeconds))
        lines.append("")
        lines.append(row(["region", "queue", "agents", "offered", "answered", "abandoned", "SL", "ASA s", "abandon", "occupancy"]))
        for queue in report.queues {
            let figures = queue.total
            lines.append(row(["\(queue.region.rawValue)", "\(queue.name) (SL \(format(queue.thresholdSeconds)) s)", "\(queue.agents)",
                              "\(figures.offered)", "\(figures.answered)", "\(figures.abandoned)",
                              percent(figures.serviceLevel), decimal(figures.averageSpeedOfAnswerSeconds),
                              percent(figures.abandonRate), percent(figures.occupancy)]))
        }
        if let prediction = report.prediction {
            lines.append("")
            lines.append("\(prediction.model) predicts: SL \(percent(prediction.serviceLevel)), abandon \(percent(prediction.abandonRate))"
                         + (prediction.averageSpeedOfAnswerSeconds.map { ", ASA \(decimal($0)) s" } ?? "")
                         + (prediction.occupancy.map { ", occupancy \(percent($0))" } ?? ""))
        }
        let totals = report.intervalTotals
        lines.append("")
        if totals.count > 96, !allIntervals {
            lines.append("(\(totals.count) intervals; --all-intervals or --json prints them)")
        } else {
            lines.append("per interval, all queues (by arrival time):")
            lines.append(row(["start", "offered", "answered", "abandoned", "SL", "ASA s", "abandon", "occupancy"]))
            for (index, figures) in totals.enumerated() {
                let start = Int(Double(index) * report.intervalSeconds)
                lines.append(row([String(format: "%02d:%02d", start / 3600, start % 3600 / 60), "\(figures.offered)", "\(figures.answered)",
                                  "\(figures.abandoned)", percent(figures.serviceLevel), decimal(figures.averageSpeedOfAnswerSeconds),
                                  percent(figures.abandonRate), percent(figures.occupancy)]))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func row(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            index == 1 && cells.count == 10 ? cell.padding(toLength: 22, withPad: " ", startingAt: 0) : String(repeating: " ", count: max(0, 10 - cell.count)) + cell
        }.joined(separator: " ")
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "-" }
    static func decimal(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
    static func format(_ value: Double) -> String { value == value.rounded() ? "\(Int(value))" : "\(value)" }
}
