import Foundation

/// A run's report on disk: report.json, summary.txt, timeline.svg, records.json (the
/// raw records the verdicts were computed from, so anyone can recompute them) and
/// nodes/<name>.log, what each node printed, to find out why a verdict failed.
public enum ReportFiles {
    public static func write(_ report: ChaosReport, records: RunRecords, nodeLogs: [String: [String]] = [:],
                             target: Double?, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(json(report).utf8).write(to: directory.appendingPathComponent("report.json"))
        try Data(SummaryTable.render(report).utf8).write(to: directory.appendingPathComponent("summary.txt"))
        try Data(TimelinePlot.svg(report, serviceLevelTarget: target).utf8).write(to: directory.appendingPathComponent("timeline.svg"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(records).write(to: directory.appendingPathComponent("records.json"))
        guard !nodeLogs.isEmpty else { return }
        let nodes = directory.appendingPathComponent("nodes")
        try FileManager.default.createDirectory(at: nodes, withIntermediateDirectories: true)
        for (node, lines) in nodeLogs {
            try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: nodes.appendingPathComponent("\(node).log"))
        }
    }

    /// The report as one JSON object, keys sorted.
    public static func json(_ report: ChaosReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
