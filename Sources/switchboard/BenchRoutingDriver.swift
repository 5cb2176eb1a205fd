import ContactCenter
import SeededRandom

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Drives one routing engine through arrivals and completions and times the decisions.
struct BenchRoutingDriver {
    enum Phase: String {
        case agentSurplus = "agent surplus"
        case contactSurplus = "contact surplus"
    }

    struct Figures {
        var phase: Phase
        var decisions: Int
        var seconds: Double
        var waitingAtEnd: Int
        var latencies: [Double]

        var decisionsPerSecond: Double { Double(decisions) / seconds }

        func percentile(_ p: Double) -> Double {
            latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
    }

    let workload: RoutingWorkload
    var engine: RoutingEngine
    var random: SplitMix64
    var time = 0.0
    var nextContact: UInt64 = 0
    /// Connected contacts, oldest first (a ring buffer: `connected[head...]`).
    var connected: [ContactID] = []
    var head = 0
    var directives: [RoutingDirective] = []
    /// Directives of accepting an offer, reused so the harness allocates nothing per offer.
    var accepted: [RoutingDirective] = []
    var decisions = 0

    init(workload: RoutingWorkload, seed: UInt64) throws {
        self.workload = workload
        engine = try RoutingEngine(configuration: workload.configuration)
        random = SplitMix64(seed: seed)
        directives.reserveCapacity(16)
        accepted.reserveCapacity(16)
        for agent in workload.agents { try engine.apply(.agentAdded(agent, status: .available), at: .zero, into: &directives) }
        directives.removeAll(keepingCapacity: true)
    }

    mutating func measure(phase: Phase, iterations: Int) -> Figures {
        switch phase {
        case .agentSurplus:
            while connected.count - head < workload.agents.count / 2 { arrive() }
        case .contactSurplus:
            while engine.activeContactCount < workload.agents.count * 2 + 50_000 { arrive() }
        }
        for _ in 0..<(iterations / 10) { iterate() }
        decisions = 0
        let start = monotonicSeconds()
        for _ in 0..<iterations { iterate() }
        let seconds = monotonicSeconds() - start
        let counted = decisions
        var latencies: [Double] = []
        latencies.reserveCapacity(2 * iterations)
        for _ in 0..<iterations {
            let arrival = timed { $0.arrive() }
            latencies.append(arrival)
            let completion = timed { $0.completeOldest() }
            latencies.append(completion)
        }
        latencies.sort()
        var waiting = 0
        for queue in workload.configuration.queues { waiting += engine.queueStatistics(queue.id, at: Timestamp(seconds: time))?.waiting ?? 0 }
        return Figures(phase: phase, decisions: counted, seconds: seconds, waitingAtEnd: waiting, latencies: latencies)
    }

    mutating func timed(_ body: (inout BenchRoutingDriver) -> Void) -> Double {
        let start = monotonicSeconds()
        body(&self)
        return monotonicSeconds() - start
    }

    mutating func iterate() {
        arrive()
        completeOldest()
    }

    /// One contact arrives in a random queue (one decision); offers are accepted at once.
    mutating func arrive() {
        time += 0.001
        nextContact += 1
        let queue = Int(random.next() % UInt64(workload.channels.count))
        let tier: ValueTier = random.next() % 50 == 0 ? .gold : .standard
        let contact = Contact(id: ContactID(nextContact), channel: workload.channels[queue], customer: CustomerID(nextContact),
                              tier: tier, queue: QueueID(UInt32(queue)))
        decisions += 1
        apply(.contactArrived(contact))
    }

    /// The longest-running conversation ends; with no wrap-up the agent is freed at once and
    /// takes their next contact (one decision).
    mutating func completeOldest() {
        guard head < connected.count else { return }
        let contact = connected[head]
        head += 1
        if head > 65_536, head * 2 > connected.count {
            connected.removeFirst(head)
            head = 0
        }
        decisions += 1
        apply(.contactEnded(contact))
    }

    mutating func apply(_ event: RoutingEvent) {
        directives.removeAll(keepingCapacity: true)
        // Bench events are valid by construction; a refusal would only skip an iteration.
        try? engine.apply(event, at: Timestamp(seconds: time), into: &directives)
        var index = 0
        while index < directives.count {
            if case let .offer(reservation, _) = directives[index] {
                accepted.removeAll(keepingCapacity: true)
                try? engine.apply(.reservationAccepted(reservation.id), at: Timestamp(seconds: time), into: &accepted)
                connected.append(reservation.contact)
                directives.append(contentsOf: accepted)
            }
            index += 1
        }
    }
}

/// Seconds on the monotonic clock, read directly for the lowest per-sample overhead.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}
