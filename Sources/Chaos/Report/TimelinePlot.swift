import Foundation

/// The run's timeline as one self-contained SVG (no fonts, scripts or links to fetch), so a
/// CI artifact opens anywhere: arrivals, queue length, service level and agent occupancy
/// over the same seconds, with every fault marked across all four panels.
public enum TimelinePlot {
    public static func svg(_ report: ChaosReport, serviceLevelTarget: Double?) -> String {
        let points = report.timeline.sorted { $0.second < $1.second }
        let axis = TimeAxis(duration: duration(of: points, faults: report.faults))
        let arrivals = Panel(index: 0, title: "Arrivals per second",
                             maximum: Double(max(1, points.map { max($0.arrivals, $0.acknowledged) }.max() ?? 0)), percent: false)
        let queue = Panel(index: 1, title: "Queue length (acknowledged, not yet answered or abandoned)",
                          maximum: Double(max(1, points.map(\.queueLength).max() ?? 0)), percent: false)
        let serviceLevel = Panel(index: 2, title: "Service level of the arrivals in the window ending each second",
                                 maximum: 1, percent: true)
        let occupancy = Panel(index: 3, title: "Occupancy of the agents still working", maximum: 1, percent: true)

        let status = report.passed ? "<tspan fill='#2e7d32'>PASSED</tspan>" : "<tspan fill='#c62828'>FAILED</tspan>"
        var svg: [String] = [
            "<?xml version='1.0' encoding='UTF-8'?>",
            "<svg xmlns='http://www.w3.org/2000/svg' width='\(n(TimeAxis.width))' height='\(n(TimeAxis.height))' "
                + "viewBox='0 0 \(n(TimeAxis.width)) \(n(TimeAxis.height))' font-family='sans-serif' font-size='11'>",
            "<rect width='100%' height='100%' fill='#ffffff'/>",
            "<text x='\(n(TimeAxis.left))' y='26' font-size='15' font-weight='bold'>"
                + "\(escaped(report.scenario)) · seed \(report.seed) · \(status)</text>",
        ]
        for panel in [arrivals, queue, serviceLevel, occupancy] {
            drawFrame(panel, axis: axis, into: &svg)
        }
        svg.append("<text x='\(n(TimeAxis.width - TimeAxis.right))' y='\(n(arrivals.top - 7))' text-anchor='end'>"
            + "<tspan fill='\(PlotColor.requests)'>— requests</tspan> <tspan fill='\(PlotColor.acknowledged)'>— acknowledged</tspan></text>")
        drawTicks(axis, below: occupancy, into: &svg)
        if let target = serviceLevelTarget, target.isFinite {
            let y = serviceLevel.y(target)
            svg.append("<line class='target' x1='\(n(TimeAxis.left))' y1='\(n(y))' x2='\(n(TimeAxis.width - TimeAxis.right))' "
                + "y2='\(n(y))' stroke='#555555' stroke-dasharray='5,4'/>")
            svg.append("<text x='\(n(TimeAxis.width - TimeAxis.right - 4))' y='\(n(y - 4))' text-anchor='end' fill='#555555'>"
                + "target \(n(min(max(target, 0), 1) * 100))%</text>")
        }
        drawSeries(points, { Double($0.arrivals) }, name: "requests", color: PlotColor.requests, in: arrivals, axis: axis, into: &svg)
        drawSeries(points, { Double($0.acknowledged) }, name: "acknowledged", color: PlotColor.acknowledged, in: arrivals,
                   axis: axis, into: &svg)
        drawSeries(points, { Double($0.queueLength) }, name: "queue-length", color: PlotColor.queue, in: queue, axis: axis, into: &svg)
        drawSeries(points, { $0.serviceLevel }, name: "service-level", color: PlotColor.serviceLevel, in: serviceLevel,
                   axis: axis, into: &svg)
        drawSeries(points, { $0.occupancy }, name: "occupancy", color: PlotColor.occupancy, in: occupancy, axis: axis, into: &svg)
        for fault in report.faults {
            drawFault(fault, from: arrivals, to: occupancy, axis: axis, into: &svg)
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    /// Long enough for the whole timeline and every fault, so no marker falls off the edge.
    private static func duration(of points: [TimelinePoint], faults: [FaultRecord]) -> Double {
        let timeline = Double((points.last?.second ?? -1) + 1)
        let faultTimes = faults.flatMap { [$0.at, $0.until ?? $0.at] }.filter(\.isFinite)
        return max(1, timeline, (faultTimes.max() ?? 0).rounded(.up))
    }

    private static func drawFrame(_ panel: Panel, axis: TimeAxis, into svg: inout [String]) {
        svg.append("<text x='\(n(TimeAxis.left))' y='\(n(panel.top - 7))' font-weight='bold'>\(escaped(panel.title))</text>")
        svg.append("<rect x='\(n(TimeAxis.left))' y='\(n(panel.top))' width='\(n(axis.plotWidth))' height='\(n(TimeAxis.panelHeight))' "
            + "fill='#fafafa' stroke='#bbbbbb'/>")
        for tick in axis.ticks {
            let x = axis.x(Double(tick))
            svg.append("<line x1='\(n(x))' y1='\(n(panel.top))' x2='\(n(x))' y2='\(n(panel.bottom))' stroke='#e6e6e6'/>")
        }
        svg.append("<text x='\(n(TimeAxis.left - 6))' y='\(n(panel.top + 9))' text-anchor='end'>\(panel.topLabel)</text>")
        svg.append("<text x='\(n(TimeAxis.left - 6))' y='\(n(panel.bottom))' text-anchor='end'>\(panel.percent ? "0%" : "0")</text>")
    }

    /// The shared x axis, labelled once under the last panel.
    private static func drawTicks(_ axis: TimeAxis, below panel: Panel, into svg: inout [String]) {
        for tick in axis.ticks {
            svg.append("<text x='\(n(axis.x(Double(tick))))' y='\(n(panel.bottom + 14))' text-anchor='middle'>\(tick) s</text>")
        }
    }

    /// One polyline per unbroken run of values, each point at the end of its second (where
    /// the queue, service level and occupancy were measured, and the rates counted up to).
    /// A missing value ends the run, so a gap shows as a gap; a lone point is a dot.
    private static func drawSeries(_ points: [TimelinePoint], _ measure: (TimelinePoint) -> Double?, name: String, color: String,
                                   in panel: Panel, axis: TimeAxis, into svg: inout [String]) {
        var runs: [[(x: Double, y: Double)]] = [[]]
        for point in points {
            guard let value = measure(point), value.isFinite else {
                if runs.last?.isEmpty == false { runs.append([]) }
                continue
            }
            runs[runs.count - 1].append((x: axis.x(Double(point.second + 1)), y: panel.y(value)))
        }
        for run in runs {
            if run.count == 1, let point = run.first {
                svg.append("<circle class='\(name)' cx='\(n(point.x))' cy='\(n(point.y))' r='1.5' fill='\(color)'/>")
            } else if run.count > 1 {
                let coordinates = run.map { n($0.x) + "," + n($0.y) }.joined(separator: " ")
                svg.append("<polyline class='\(name)' points='\(coordinates)' fill='none' stroke='\(color)' stroke-width='1.5'/>")
            }
        }
    }

    /// A red line at the fault across every panel, a light band while it lasted, and its
    /// label running down beside the line so neighbouring faults' labels do not collide.
    private static func drawFault(_ fault: FaultRecord, from first: Panel, to last: Panel, axis: TimeAxis,
                                  into svg: inout [String]) {
        let x = axis.x(fault.at)
        svg.append("<g class='fault'>")
        if let until = fault.until, until > fault.at {
            svg.append("<rect x='\(n(x))' y='\(n(first.top))' width='\(n(axis.x(until) - x))' height='\(n(last.bottom - first.top))' "
                + "fill='\(PlotColor.fault)' fill-opacity='0.1'/>")
        }
        svg.append("<line x1='\(n(x))' y1='\(n(first.top))' x2='\(n(x))' y2='\(n(last.bottom))' stroke='\(PlotColor.fault)' stroke-width='1.5'/>")
        svg.append("<text x='\(n(x + 3))' y='\(n(first.top + 4))' transform='rotate(90 \(n(x + 3)) \(n(first.top + 4)))' "
            + "fill='\(PlotColor.fault)' font-size='10'>\(escaped(fault.label))</text>")
        svg.append("</g>")
    }

    private static func n(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// Safe in both text and attributes. Labels come from scenario files, so characters XML
    /// 1.0 cannot carry at all, even escaped, are dropped rather than break the document.
    private static func escaped(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&apos;".unicodeScalars)
            case "\t", "\n", "\r": out.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.append(scalar)
            }
        }
        return String(out)
    }
}

private enum PlotColor {
    static let requests = "#1f77b4"
    static let acknowledged = "#2ca02c"
    static let queue = "#9467bd"
    static let serviceLevel = "#ff7f0e"
    static let occupancy = "#17becf"
    static let fault = "#d62728"
}

/// The canvas and the seconds axis every panel shares.
private struct TimeAxis {
    static let width = 900.0
    static let height = 720.0
    static let left = 64.0
    static let right = 24.0
    static let top = 44.0
    static let panelTitle = 22.0
    static let panelHeight = 128.0
    static let panelGap = 14.0

    var duration: Double

    var plotWidth: Double { Self.width - Self.left - Self.right }

    func x(_ second: Double) -> Double {
        let share = second / duration
        return Self.left + (share.isNaN ? 0 : min(max(share, 0), 1)) * plotWidth
    }

    /// At most ten ticks, on a round number of seconds.
    var ticks: [Int] {
        let step = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1_800].first { duration / Double($0) <= 10 } ?? 3_600
        return Array(stride(from: 0, through: Int(duration), by: step))
    }
}

/// One of the stacked panels: where it sits and how it scales its values.
private struct Panel {
    var index: Int
    var title: String
    /// The value at the top of the panel; larger ones are drawn at the top.
    var maximum: Double
    var percent: Bool

    var top: Double {
        TimeAxis.top + Double(index) * (TimeAxis.panelTitle + TimeAxis.panelHeight + TimeAxis.panelGap) + TimeAxis.panelTitle
    }

    var bottom: Double { top + TimeAxis.panelHeight }

    var topLabel: String { percent ? "100%" : String(Int(maximum)) }

    func y(_ value: Double) -> Double {
        let share = value / maximum
        return bottom - (share.isNaN ? 0 : min(max(share, 0), 1)) * TimeAxis.panelHeight
    }
}
