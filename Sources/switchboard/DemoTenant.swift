import Chaos
import Foundation
import SeededRandom
import Synchronization
import Transport

/// The demo tenant, driven entirely through the gateways' public API as a tenant's own
/// systems would: queues, skills and agents set up over REST; agents as WebSocket
/// clients that accept each offer after a moment, talk for a sampled time and wrap up;
/// customers who arrive at random on several channels, come back, and sometimes give up
/// waiting; and a supervisor's stream feeding the live line.
final class DemoTenant: Sendable {
    static let east = "cn-east"
    static let south = "cn-south"
    /// The south has more agents than its own customers need: the east's overflow goes there.
    static let agents = [(east, 100, 4), (south, 200, 6)]

    private let gateways: [NodeAddress]
    private let arrivalsPerSecond: Double
    private let state: Mutex<State>
    let admin: GatewayClient

    private struct State {
        var random: SplitMix64
        var created = 0
        var returning = 0
        var offers = 0
        var completed = 0
        var abandoned = 0
        var overflowed = 0
        var refused = 0
        /// The latest statistics from the supervisor's stream, per region.
        var queues: [String: (waiting: Int, answered: Int, serviceLevel: Double?)] = [:]
    }

    /// Creates the tenant with the operator key; everything after uses its own keys.
    static func create(gateways: [NodeAddress], operatorKey: String, seed: UInt64,
                       arrivalsPerSecond: Double) async throws -> DemoTenant {
        let tenant = try await GatewayClient(gateways[0], key: operatorKey).call("POST", "/v1/tenants", ["name": "Demo Retail"])
        guard let key = tenant["adminKey"] as? String else { throw GatewayClient.Failure(status: 0, body: "no admin key") }
        return DemoTenant(gateways: gateways, adminKey: key, seed: seed, arrivalsPerSecond: arrivalsPerSecond)
    }

    private init(gateways: [NodeAddress], adminKey: String, seed: UInt64, arrivalsPerSecond: Double) {
        self.gateways = gateways
        admin = GatewayClient(gateways[0], key: adminKey)
        self.arrivalsPerSecond = arrivalsPerSecond
        state = Mutex(State(random: SplitMix64(seed: seed)))
    }

    /// One queue per region on skill 1 (support); the east queue overflows to the south
    /// after 20 s. Agents speak voice and take two chats at once.
    func setUp() async throws -> [(id: Int, key: String)] {
        try await admin.call("PUT", "/v1/skills/1", ["name": "support"])
        try await admin.call("PUT", "/v1/queues/2", ["name": "support-south", "region": Self.south, "skills": [["skillId": 1]]])
        try await admin.call("PUT", "/v1/queues/1", [
            "name": "support-east", "region": Self.east, "skills": [["skillId": 1]],
            "overflow": [["afterSeconds": 20, "region": Self.south, "queueId": 2]],
        ])
        var agentKeys: [(id: Int, key: String)] = []
        for (region, base, count) in Self.agents {
            for index in 0..<count {
                let id = base + index
                try await admin.call("PUT", "/v1/agents/\(id)", [
                    "name": "Agent \(id)", "region": region, "wrapUpSeconds": 2,
                    "skills": [["skillId": 1, "proficiency": index % 5 + 1]],
                    "capacity": ["voice": 1, "chat": 2, "wechat": 2],
                ])
                let key = try await admin.call("POST", "/v1/api-keys", ["role": "agent", "agentId": id])
                agentKeys.append((id, key["key"] as? String ?? ""))
            }
        }
        return agentKeys
    }

    /// Agents and the supervisor's stream in the background, arrivals every 100 ms, and a
    /// summary line every second.
    func run(agents: [(id: Int, key: String)], for duration: Duration?) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, agent) in agents.enumerated() {
                group.addTask { await self.work(as: agent.id, key: agent.key, via: self.gateways[index % self.gateways.count]) }
            }
            group.addTask {
                await EventStream(gateway: self.gateways[1], path: "/v1/events", key: self.admin.key).run { await self.watch($0) }
            }
            group.addTask {
                let started = ContinuousClock.now
                var nextSummary = started + .seconds(1)
                while duration.map({ ContinuousClock.now - started < $0 }) ?? true {
                    try await Task.sleep(for: .milliseconds(100))
                    if let arrival = self.drawArrival() {
                        Task { await self.arrive(arrival) }
                    }
                    if ContinuousClock.now >= nextSummary {
                        nextSummary += .seconds(1)
                        StandardOutput.line(self.summary(elapsed: ContinuousClock.now - started))
                    }
                }
            }
            // The arrivals loop ends the demo; the streams run until cancelled.
            _ = try await group.next()
            group.cancelAll()
        }
    }

    // MARK: - Agents

    /// One agent's desktop: available, then every offer on the stream is accepted, handled
    /// and ended; wrap-up ends by itself after the agent's wrap-up time.
    private func work(as agent: Int, key: String, via gateway: NodeAddress) async {
        let desk = GatewayClient(gateway, key: key)
        _ = try? await desk.call("POST", "/v1/agents/\(agent)/status", ["status": "available"])
        await EventStream(gateway: gateway, path: "/v1/agents/\(agent)/events", key: key).run { text in
            guard let event = Self.object(text), event["type"] as? String == "offer",
                  let reservation = (event["reservation"] as? [String: Any])?["reservationId"] as? String,
                  let contact = event["contactId"] as? String else { return }
            let talk = self.state.withLock { state in
                state.offers += 1
                return 3 - log(1 - state.random.nextUnit()) * 8
            }
            Task {
                try? await Task.sleep(for: .milliseconds(500))
                guard (try? await desk.call("POST", "/v1/agents/\(agent)/reservations/\(reservation)/accept")) != nil else { return }
                try? await Task.sleep(for: .seconds(talk))
                if (try? await desk.call("POST", "/v1/agents/\(agent)/contacts/\(contact)/complete", ["notes": "resolved"])) != nil {
                    self.state.withLock { $0.completed += 1 }
                }
            }
        }
    }

    // MARK: - Customers

    private struct Arrival {
        var body: [String: Any]
        var gateway: NodeAddress
        var patience: Double
    }

    private func drawArrival() -> Arrival? {
        state.withLock { state in
            guard state.random.nextUnit() < arrivalsPerSecond / 10 else { return nil }
            let channel = ["voice", "voice", "chat", "wechat"][Int(state.random.next() % 4)]
            let east = state.random.nextUnit() < 0.7
            let body: [String: Any] = [
                "channel": channel, "customerId": Int(1 + state.random.next() % 60), "queueId": east ? 1 : 2,
                "tier": state.random.nextUnit() < 0.1 ? "gold" : "standard", "intent": "support",
            ]
            return Arrival(body: body, gateway: gateways[Int(state.random.next() % UInt64(gateways.count))],
                           patience: -log(1 - state.random.nextUnit()) * 60)
        }
    }

    /// A customer: arrives, waits as long as their patience lasts, and leaves if still queued.
    private func arrive(_ arrival: Arrival) async {
        let customer = GatewayClient(arrival.gateway, key: admin.key)
        guard let created = try? await customer.call("POST", "/v1/contacts", arrival.body),
              let contact = created["contactId"] as? String else {
            state.withLock { $0.refused += 1 }
            return
        }
        state.withLock { $0.created += 1 }
        // What an agent's desktop shows next to the offer: the customer's earlier contacts.
        if let customerId = arrival.body["customerId"] as? Int,
           let session = try? await customer.call("GET", "/v1/sessions/\(customerId)"),
           let entries = session["entries"] as? [[String: Any]],
           entries.contains(where: { $0["contactId"] as? String != contact }) {
            state.withLock { $0.returning += 1 }
        }
        try? await Task.sleep(for: .seconds(arrival.patience))
        if (try? await customer.call("GET", "/v1/contacts/\(contact)"))?["state"] as? String == "queued",
           (try? await customer.call("POST", "/v1/contacts/\(contact)/abandon")) != nil {
            state.withLock { $0.abandoned += 1 }
        }
    }

    // MARK: - The supervisor's view

    private func watch(_ text: String) async {
        guard let event = Self.object(text) else { return }
        switch event["type"] as? String {
        case "contact-finished" where event["state"] as? String == "overflowed":
            state.withLock { $0.overflowed += 1 }
        case "stats":
            let queues = (event["stats"] as? [String: Any])?["queues"] as? [[String: Any]] ?? []
            state.withLock { state in
                for queue in queues {
                    guard let region = queue["region"] as? String else { continue }
                    state.queues[region] = (queue["waiting"] as? Int ?? 0, queue["answered"] as? Int ?? 0,
                                            queue["serviceLevel"] as? Double)
                }
            }
        default:
            return
        }
    }

    private func summary(elapsed: Duration) -> String {
        state.withLock { state in
            let queues = [("east", Self.east), ("south", Self.south)].map { name, region in
                guard let queue = state.queues[region] else { return "\(name) -" }
                let level = queue.serviceLevel.map { String(format: "%.0f%%", $0 * 100) } ?? "-"
                return "\(name) waiting \(queue.waiting) answered \(queue.answered) SL \(level)"
            }
            return String(format: "t=%3.0fs ", elapsed / .seconds(1))
                + "contacts \(state.created) (returning customers \(state.returning)) | offers \(state.offers) | "
                + "completed \(state.completed) abandoned \(state.abandoned) overflowed to south \(state.overflowed)"
                + (state.refused > 0 ? " refused \(state.refused)" : "")
                + " | " + queues.joined(separator: " | ")
        }
    }

    private static func object(_ text: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }
}
