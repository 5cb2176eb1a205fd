import Foundation

/// The figures of `switchboard bench routing`, as a table or one JSON object.
struct BenchRoutingReport {
    var agents: Int
    var queues: Int
    var skills: Int
    var phases: [BenchRoutingDriver.Figures]
    var memory: BenchRoutingMemory.Figures
    var day: BenchRoutingDay.Figures?

    var decisions: Int { phases.reduce(0) { $0 + $1.decisions } }
    var decisionsPerSecond: Double { Double(decisions) / phases.reduce(0) { $0 + $1.seconds } }
    var latencies: [Double] { phases.flatMap(\.latencies).sorted() }

    func percentile(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }

    func json() -> String {
        let all = latencies
        var object: [String: Any] = [
            "agents": agents, "queues": queues, "skills": skills,
            "decisions": decisions,
            "decisions_per_s": decisionsPerSecond.rounded(),
            "p50_decision_us": percentile(all, 0.5) * 1e6,
            "p99_decision_us": percentile(all, 0.99) * 1e6,
            "p999_decision_us": percentile(all, 0.999) * 1e6,
            "max_decision_us": (all.last ?? 0) * 1e6,
            "phases": phases.map { phase in
                [
                    "phase": phase.phase.rawValue, "decisions": phase.decisions,
                    "decisions_per_s": phase.decisionsPerSecond.rounded(),
                    "p50_decision_us": phase.percentile(0.5) * 1e6, "p99_decision_us": phase.percentile(0.99) * 1e6,
                    "waiting_at_end": phase.waitingAtEnd,
                ] as [String: Any]
            },
            "queued_contacts": memory.contacts,
            "rss_bytes": memory.rssAfter,
            "rss_bytes_before_queueing": memory.rssBefore,
            "rss_bytes_per_queued_contact": memory.bytesPerContact.rounded(),
            "queueing_s": memory.seconds,
        ]
        if let day {
            object["simulated_day_agents"] = day.agents
            object["simulated_day_contacts"] = day.contacts
            object["simulated_day_events"] = day.events
            object["simulated_day_s"] = day.seconds
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    func table() -> String {
        let all = latencies
        var lines = [
            "bench routing: \(agents) agents, \(queues) queues, \(skills) skills, one core",
            "phase".padding(toLength: 16, withPad: " ", startingAt: 0) + "    decisions    decisions/s     p50 µs     p99 µs    waiting",
        ]
        for phase in phases {
            lines.append(phase.phase.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: " %12d %14.0f %10.2f %10.2f %10d", phase.decisions,
                                phase.decisionsPerSecond, phase.percentile(0.5) * 1e6, phase.percentile(0.99) * 1e6, phase.waitingAtEnd))
        }
        lines.append("all".padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: " %12d %14.0f %10.2f %10.2f   (p99.9 %.2f µs, max %.1f µs)", decisions,
                            decisionsPerSecond, percentile(all, 0.5) * 1e6, percentile(all, 0.99) * 1e6,
                            percentile(all, 0.999) * 1e6, (all.last ?? 0) * 1e6))
        lines.append(String(format: "queued contacts: %d in %.2f s; RSS %.1f MiB → %.1f MiB, %.0f bytes per queued contact",
                            memory.contacts, memory.seconds, Double(memory.rssBefore) / 1_048_576, Double(memory.rssAfter) / 1_048_576,
                            memory.bytesPerContact))
        if let day {
            lines.append(String(format: "simulated 24-hour day: %d agents, %d contacts, %d events in %.2f s",
                                day.agents, day.contacts, day.events, day.seconds))
        }
        return lines.joined(separator: "\n")
    }
}
