import Foundation
import Gateway
import NodeRuntime
import Sharding
import Testing

/// Over capacity a tenant gets 429 with Retry-After, never a silent drop, and its spike
/// does not starve another tenant; a 201 for a contact means it is in the replicated log.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct AdmissionTests {
    @Test func oneTenantsSpikeGets429sWhileAnotherIsServed() async throws {
        let limits = AdmissionSettings(requestsPerSecond: 20, burst: 20, inFlight: 8, streams: 1)
        try await LocalCluster.with(nodes: 1, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150,
                                    admission: limits) { cluster in
            try await GatewayFixture.start(cluster)
            let gateway = cluster.httpAddresses["n1"]!
            let spiky = APIClient(gateway, key: try await GatewayFixture.tenant(named: "Spiky", cluster: cluster))
            let calm = APIClient(gateway, key: try await GatewayFixture.tenant(named: "Calm", cluster: cluster))
            try await Task.sleep(for: .seconds(1.5))  // both buckets full again after setup

            async let flood = Self.flood(spiky, requests: 150)
            var calmStatuses: [Int] = []
            for _ in 0..<10 {
                calmStatuses.append(try await calm.get("/v1/tenant").status)
                try await Task.sleep(for: .milliseconds(100))
            }
            let (replies, seconds) = try await flood
            let refused = replies.filter { $0.status == 429 }
            let unexpected = replies.filter { ![200, 429].contains($0.status) }.map { "\($0.status) \($0.text)" }
            #expect(unexpected.isEmpty, "\(unexpected)")
            // However slowly this machine sends the flood, the bucket lets through at most
            // its burst and what it refilled while the flood lasted.
            let allowed = Int(limits.burst + limits.requestsPerSecond * seconds) + 1
            #expect(replies.count - refused.count <= allowed, "\(replies.count - refused.count) admitted in \(seconds) s")
            #expect(!refused.isEmpty)
            #expect(refused.allSatisfy { Int($0.headers["retry-after"] ?? "") ?? 0 >= 1 })
            #expect(refused.allSatisfy { $0.string("code") == "over-capacity" })
            #expect(calmStatuses == Array(repeating: 200, count: 10))

            // One event stream per tenant here: one more is closed at once, saying why;
            // another tenant still gets its own.
            try await Task.sleep(for: .seconds(1.5))
            let first = EventStreamClient(gateway, path: "/v1/events", key: spiky.key!)
            defer { first.close() }
            #expect(await first.first(within: .seconds(5)) { $0["type"] as? String == "stats" } != nil)
            let second = try await RawStreamUpgrade.open(gateway, path: "/v1/events", key: spiky.key!, timeout: .seconds(20))
            #expect(second.status == 101)
            #expect(second.closeCode == 1008, "\(second)")
            #expect(second.closeReason?.contains("event streams open") == true, "\(second)")
            #expect(second.messages.isEmpty)
            let other = EventStreamClient(gateway, path: "/v1/events", key: calm.key!)
            defer { other.close() }
            #expect(await other.first(within: .seconds(5)) { $0["type"] as? String == "stats" } != nil)

            // The place is the tenant's again once its stream is closed.
            first.close()
            var reopened: RawStreamUpgrade?
            for _ in 0..<20 {
                let attempt = try await RawStreamUpgrade.open(gateway, path: "/v1/events", key: spiky.key!, timeout: .seconds(5))
                if !attempt.messages.isEmpty { reopened = attempt; break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(reopened?.messages.first?.contains("\"stats\"") == true, "the closed stream's place was not given back")
        }
    }

    /// `requests` requests at once, and how long their answers took to come in.
    private static func flood(_ client: APIClient, requests: Int) async throws -> ([APIClient.Reply], Double) {
        let start = ContinuousClock.now
        let replies = try await withThrowingTaskGroup(of: APIClient.Reply.self) { group in
            for _ in 0..<requests { group.addTask { try await client.get("/v1/tenant") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        return (replies, (ContinuousClock.now - start) / .seconds(1))
    }

    @Test func acknowledgedContactsSurviveTheDeathOfTheirPrimary() async throws {
        try await LocalCluster.with(nodes: 3, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150) { cluster in
            try await GatewayFixture.start(cluster)
            let admin = try await GatewayFixture.tenant(named: "Durable", cluster: cluster)
            let first = APIClient(cluster.httpAddresses["n1"]!, key: admin)
            try await GatewayFixture.configure(first)
            var acknowledged: [String] = []
            for customer in 1...40 {
                let reply = try await first.post("/v1/contacts", ["channel": "chat", "customerId": customer, "queueId": 1])
                if reply.status == 201, let id = reply.string("contactId") { acknowledged.append(id) }
            }
            #expect(acknowledged.count == 40)

            // SIGKILL the primary of the east routing domain's shard (n1 if it is the one:
            // then the requests go through n3).
            let tenant = try #require(try await first.get("/v1/tenant").int("tenantId"))
            let shard = cluster.layout.shard(forKey: "\(tenant)/1", region: 0)
            var primary: String?
            for node in cluster.names where await cluster.shards(of: node)?.contains(where: { $0.shard == shard && $0.role == .primary }) == true {
                primary = node
            }
            let victim = try #require(primary)
            cluster.process(victim)?.kill9()
            let survivor = cluster.names.last { $0 != victim }!
            let reader = APIClient(cluster.httpAddresses[survivor]!, key: admin)
            var found = 0
            for id in acknowledged {
                let first: APIClient.Reply
                do {
                    first = try await reader.get("/v1/contacts/\(id)")
                } catch {
                    Issue.record("\(error)\n\(cluster.recentLogs(lines: 30))")
                    return
                }
                var reply = first
                for _ in 0..<100 where reply.status == 503 {
                    try await Task.sleep(for: .milliseconds(200))
                    reply = try await reader.get("/v1/contacts/\(id)")
                }
                if reply.string("state") == "queued" { found += 1 } else { Issue.record("\(id): \(reply.status) \(reply.text)") }
            }
            #expect(found == acknowledged.count, "lost \(acknowledged.count - found) of \(acknowledged.count) acknowledged contacts")
        }
    }
}
