import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Chaos

struct TimelinePlotTests {
    @Test func isWellFormedXMLWithOneMarkerPerFault() {
        let report = sampleReport(passed: false)
        let svg = TimelinePlot.svg(report, serviceLevelTarget: 0.8)
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        #expect(parsed.elements.first?.name == "svg")
        #expect(parsed.elements.filter { $0.name == "g" && $0.attributes["class"] == "fault" }.count == report.faults.count)
        // Only the fault with an end has a band.
        #expect(parsed.elements.filter { $0.name == "rect" && $0.attributes["fill-opacity"] != nil }.count == 1)
        #expect(parsed.elements.filter { $0.attributes["class"] == "target" }.count == 1)
        #expect(parsed.text.contains("failover-under-load · seed 7 · FAILED"))
    }

    @Test func escapesLabelsFromFiles() {
        let svg = TimelinePlot.svg(sampleReport(passed: true), serviceLevelTarget: nil)
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        #expect(parsed.text.contains("partition n2 <&> 30 s"))
        #expect(svg.contains("partition n2 &lt;&amp;&gt; 30 s"))
        #expect(!svg.contains("<&>"))
        #expect(parsed.elements.filter { $0.attributes["class"] == "target" }.isEmpty)
    }

    @Test func breaksTheServiceLevelLineWhereItIsUnknown() {
        let parsed = ParsedSVG(TimelinePlot.svg(sampleReport(passed: true), serviceLevelTarget: 0.8))
        let serviceLevel = parsed.elements.filter { $0.attributes["class"] == "service-level" }
        // Seconds 0–9, 11–29, 35 alone, 37–59.
        #expect(serviceLevel.map { $0.name } == ["polyline", "polyline", "circle", "polyline"])
        #expect(parsed.elements.filter { $0.attributes["class"] == "occupancy" }.map { $0.name } == ["polyline"])
    }
}

struct SummaryTableTests {
    @Test func listsFailedVerdictsFirstAndEndsWithTheReplay() throws {
        let lines = SummaryTable.render(sampleReport(passed: false)).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        #expect(lines.first == "chaos failover-under-load · seed 7 · FAILED")
        let failed = try #require(lines.firstIndex { $0.hasPrefix("nothing-lost ") })
        let capacity = try #require(lines.firstIndex { $0.hasPrefix("agent-capacity ") })
        let level = try #require(lines.firstIndex { $0.hasPrefix("service-level ") })
        #expect(failed < capacity)
        #expect(capacity < level)
        #expect(lines[failed].contains("FAIL"))
        #expect(lines[capacity].contains("pass"))
        // The result column lines up.
        #expect(column(of: "FAIL", in: lines[failed]) == column(of: "pass", in: lines[capacity]))
        #expect(column(of: "pass", in: lines[capacity]) == column(of: "pass", in: lines[level]))
        #expect(lines.last == "replay: switchboard chaos run failover-under-load --seed 7")
    }

    @Test func printsNoReplayWhenPassed() {
        let summary = SummaryTable.render(sampleReport(passed: true))
        #expect(summary.hasPrefix("chaos failover-under-load · seed 7 · PASSED\n"))
        #expect(!summary.contains("replay:"))
    }

    @Test func printsFiguresFaultsAndRecoveries() {
        let lines = SummaryTable.render(sampleReport(passed: true)).split(separator: "\n").map(String.init)
        #expect(lines.contains("  acknowledged  1200"))
        #expect(lines.contains("  p99_ms        12.50"))
        #expect(lines.contains("  at 20.0 s  kill n1, restart after 10 s (until 30.0 s)"))
        #expect(lines.contains("  at 40.0 s  partition n2 <&> 30 s"))
        #expect(lines.contains("  failover after kill n1, restart after 10 s: 3.2 s"))
        #expect(lines.contains("  convergence after kill n1, restart after 10 s: never"))
    }

    @Test func writesEachNodesOutputBesideTheReport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ReportFiles.write(sampleReport(passed: false), records: RunRecords(),
                              nodeLogs: ["n1": ["first line", "second line"], "n2": []], target: 0.8, to: directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["nodes", "records.json", "report.json", "summary.txt", "timeline.svg"])
        let n1 = try String(contentsOf: directory.appendingPathComponent("nodes/n1.log"), encoding: .utf8)
        #expect(n1 == "first line\nsecond line\n")
        let n2 = try String(contentsOf: directory.appendingPathComponent("nodes/n2.log"), encoding: .utf8)
        #expect(n2.isEmpty)
    }

    private func column(of word: String, in line: String) -> Int? {
        line.range(of: word).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
    }
}

/// A report with three verdicts, two faults (one still lasting) and a minute of timeline
/// whose service level is unknown at second 10, seconds 30–34 and second 36.
private func sampleReport(passed: Bool) -> ChaosReport {
    let verdicts = [
        "service-level": Verdict(passed: true, figures: [:], detail: "92.0% of 120 contacts answered within 10 s (target 80%)"),
        "agent-capacity": Verdict(passed: true, figures: [:], detail: "no agent over its capacity on any channel"),
        "nothing-lost": Verdict(passed: passed, figures: [:],
                                detail: passed ? "all 1200 acknowledged contacts accounted for"
                                    : "1 acknowledged contacts neither completed, abandoned nor queued: c1 (missing)"),
    ]
    let unknown = Set([10, 30, 31, 32, 33, 34, 36])
    let timeline = (0..<60).map { second in
        TimelinePoint(second: second, arrivals: 3, acknowledged: second == 20 ? 1 : 3, queueLength: second % 7,
                      serviceLevel: unknown.contains(second) ? nil : 0.9, occupancy: 0.5)
    }
    let kill = "kill n1, restart after 10 s"
    return ChaosReport(
        scenario: "failover-under-load", seed: 7, verdicts: verdicts,
        figures: ["acknowledged": 1200, "p99_ms": 12.5],
        faults: [FaultRecord(label: kill, at: 20, until: 30), FaultRecord(label: "partition n2 <&> 30 s", at: 40, until: nil)],
        recoveries: [RecoveryRecord(kind: .failover, fault: kill, at: 20, seconds: 3.2),
                     RecoveryRecord(kind: .convergence, fault: kill, at: 30, seconds: nil)],
        timeline: timeline,
        replay: "switchboard chaos run failover-under-load --seed 7")
}

/// What XMLParser saw of a document: whether it parsed, each element in order, and all text.
private struct ParsedSVG {
    var wellFormed: Bool
    var elements: [(name: String, attributes: [String: String])]
    var text: String

    init(_ svg: String) {
        let collector = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        wellFormed = parser.parse()
        elements = collector.elements
        text = collector.text
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String]) {
            elements.append((name: elementName, attributes: attributeDict))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }
    }
}
