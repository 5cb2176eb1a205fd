import Foundation
import Metrics

/// A routing domain's figures for Prometheus: offers made (routing decisions), failed
/// writes to customers' sessions, and each queue's waiting contacts, refreshed at most
/// once a second since reading them walks the queues.
struct DomainMetrics {
    private let dimensions: [(String, String)]
    private let decisions: Counter
    private let sessionSendFailures: Counter
    private var sampledAt = -Double.infinity

    init(key: String) {
        let parts = key.split(separator: "/")
        dimensions = [("tenant", parts.first.map(String.init) ?? key), ("region", parts.dropFirst().first.map(String.init) ?? "")]
        decisions = Counter(label: "switchboard_routing_decisions_total", dimensions: dimensions)
        sessionSendFailures = Counter(label: "switchboard_session_send_failures_total", dimensions: dimensions)
    }

    /// Arrivals could not be written to their customers' sessions this time; they go again.
    func sessionSendFailed() {
        sessionSendFailures.increment()
    }

    func count(_ directives: [RoutingDirective]) {
        let offers = directives.reduce(0) { count, directive in
            if case .offer = directive { count + 1 } else { count }
        }
        if offers > 0 { decisions.increment(by: offers) }
    }

    /// Whether a second passed since the queues were last sampled; if so, the caller samples.
    mutating func dueForSample(now: Double) -> Bool {
        guard now - sampledAt >= 1 else { return false }
        sampledAt = now
        return true
    }

    func sample(_ queues: [QueueStatistics]) {
        for queue in queues {
            Gauge(label: "switchboard_queue_waiting", dimensions: dimensions + [("queue", "\(queue.queue.rawValue)")])
                .record(queue.waiting)
        }
    }
}
