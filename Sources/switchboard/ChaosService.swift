import Chaos
import Foundation
import ServiceLifecycle
import Synchronization

/// One chaos run as a service, so that Ctrl-C or SIGTERM cancels it and the cluster
/// is torn down on the way out; the report is written and printed when it ends.
final class ChaosService: Service {
    let runner: ChaosRunner
    let directory: URL
    let json: Bool
    /// Whether every verdict passed; nil until the run ends.
    let outcome = Mutex<Bool?>(nil)

    init(runner: ChaosRunner, directory: URL, json: Bool) {
        self.runner = runner
        self.directory = directory
        self.json = json
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            let (report, records, nodeLogs) = try await self.runner.run()
            try ReportFiles.write(report, records: records, nodeLogs: nodeLogs,
                                  target: self.runner.scenario.thresholds.serviceLevel.target, to: self.directory)
            if self.json {
                StandardOutput.line(try ReportFiles.json(report))
            } else {
                StandardOutput.line(SummaryTable.render(report))
                StandardOutput.line("report: \(self.directory.path)/{report.json,summary.txt,timeline.svg,records.json,nodes/}")
            }
            self.outcome.withLock { $0 = report.passed }
        }
    }
}
