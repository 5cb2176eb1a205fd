import ContactCenter
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resident memory of a routing engine holding many queued contacts.
enum BenchRoutingMemory {
    struct Figures {
        var contacts: Int
        var rssBefore: Int
        var rssAfter: Int
        var seconds: Double

        var bytesPerContact: Double { Double(rssAfter - rssBefore) / Double(contacts) }
    }

    /// Every agent on break, so each arrival waits; contacts carry an intent and no
    /// attributes, as they come from IVR.
    static func measure(workload: RoutingWorkload, contacts count: Int) throws -> Figures {
        var engine = try RoutingEngine(configuration: workload.configuration)
        var directives: [RoutingDirective] = []
        for agent in workload.agents { try engine.apply(.agentAdded(agent, status: .onBreak), at: .zero, into: &directives) }
        let before = residentBytes()
        let start = monotonicSeconds()
        for index in 0..<count {
            directives.removeAll(keepingCapacity: true)
            let queue = index % workload.channels.count
            let contact = Contact(id: ContactID(UInt64(index + 1)), channel: workload.channels[queue],
                                  customer: CustomerID(UInt64(index + 1)), intent: "billing.dispute", queue: QueueID(UInt32(queue)))
            try engine.apply(.contactArrived(contact), at: Timestamp(seconds: Double(index) * 0.0001), into: &directives)
        }
        let seconds = monotonicSeconds() - start
        let after = residentBytes()
        precondition(engine.activeContactCount == count, "every contact should be waiting")
        return withExtendedLifetime(engine) { Figures(contacts: count, rssBefore: before, rssAfter: after, seconds: seconds) }
    }

    /// VmRSS from /proc/self/statm (resident pages × page size); 0 where it is unavailable.
    static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count >= 2, let resident = Int(fields[1]) else { return 0 }
        return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// Wall time of a simulated 24-hour day of the two-region contact center.
enum BenchRoutingDay {
    struct Figures {
        var agents: Int
        var contacts: Int
        var events: Int
        var seconds: Double
    }

    static func measure(agents: Int, seed: UInt64) throws -> Figures {
        let scenario = try SimulationScenario.contactCenter(agents: agents, durationSeconds: 86_400, seed: seed)
        let start = monotonicSeconds()
        var simulator = try Simulator(scenario: scenario)
        let report = simulator.runToEnd()
        return Figures(agents: agents, contacts: report.contacts, events: report.events, seconds: monotonicSeconds() - start)
    }
}
