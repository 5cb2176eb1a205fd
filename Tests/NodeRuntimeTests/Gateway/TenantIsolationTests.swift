import Foundation
import NodeRuntime
import Testing

/// A key of tenant A never reaches tenant B's data: every route that names one of B's
/// resources answers A with 404, and nothing A lists or streams mentions B.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct TenantIsolationTests {
    @Test func aKeyOfOneTenantGets404ForEverythingOfAnother() async throws {
        try await LocalCluster.with(nodes: 1, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150) { cluster in
            try await GatewayFixture.start(cluster)
            let gateway = cluster.httpAddresses["n1"]!
            let a = APIClient(gateway, key: try await GatewayFixture.tenant(named: "Initech", cluster: cluster))
            let bKey = try await GatewayFixture.tenant(named: "Globex", cluster: cluster)
            let b = APIClient(gateway, key: bKey)
            try await GatewayFixture.configure(a, regions: ["cn-south"])
            try await GatewayFixture.configure(b, regions: ["cn-south"])

            // B alone has queue 3, agent 11, customer 4242, an agent key, and a pending offer.
            try #require(try await b.put("/v1/queues/3", ["name": "globex-private", "region": "cn-south",
                                                          "skills": [["skillId": 1]]]).status == 200)
            try #require(try await b.put("/v1/agents/11", ["name": "Globex Agent", "region": "cn-south",
                                                           "skills": [["skillId": 1, "proficiency": 5]],
                                                           "capacity": ["voice": 1]]).status == 200)
            let bAgentKeyID = try #require(try await b.post("/v1/api-keys", ["role": "agent", "agentId": 11]).string("keyId"))
            try #require(try await b.post("/v1/agents/11/status", ["status": "available"]).status == 200)
            let bContact = try #require(try await b.post("/v1/contacts", ["channel": "voice", "customerId": 4242, "queueId": 3])
                .string("contactId"))
            // Region 1 from sequence 0: the whole retained history.
            let bWall = EventStreamClient(gateway, path: "/v1/events?lastEventId=1.0", key: bKey)
            let aWall = EventStreamClient(gateway, path: "/v1/events?lastEventId=1.0", key: a.key!)
            defer { bWall.close(); aWall.close() }
            let bOffer = try #require(await bWall.first { $0["type"] as? String == "offer" && $0["contactId"] as? String == bContact })
            let bReservation = try #require((bOffer["reservation"] as? [String: Any])?["reservationId"] as? String)

            let routes: [(String, String, [String: Any]?)] = [
                ("GET", "/v1/contacts/\(bContact)", nil),
                ("POST", "/v1/contacts/\(bContact)/abandon", [:]),
                ("POST", "/v1/contacts/\(bContact)/transfer", ["queueId": 2]),
                ("GET", "/v1/sessions/4242", nil),
                ("GET", "/v1/queues/3", nil),
                ("GET", "/v1/agents/11", nil),
                ("POST", "/v1/agents/11/status", ["status": "offline"]),
                ("POST", "/v1/agents/11/reservations/\(bReservation)/accept", [:]),
                ("POST", "/v1/agents/11/reservations/\(bReservation)/reject", [:]),
                ("POST", "/v1/agents/9/reservations/\(bReservation)/accept", [:]),
                ("POST", "/v1/agents/11/contacts/\(bContact)/complete", [:]),
                ("POST", "/v1/agents/11/contacts/\(bContact)/wrap-up-done", [:]),
                ("POST", "/v1/agents/9/contacts/\(bContact)/complete", [:]),
                ("DELETE", "/v1/api-keys/\(bAgentKeyID)", nil),
                ("GET", "/v1/contacts/\(bContact)/messages", nil),
                ("POST", "/v1/contacts/\(bContact)/messages", ["text": "hello"]),
                ("GET", "/v1/agents/11/contacts/\(bContact)/messages", nil),
                ("POST", "/v1/agents/11/contacts/\(bContact)/messages", ["text": "hello"]),
                ("POST", "/v1/agents/9/contacts/\(bContact)/messages", ["text": "hello"]),
            ]
            var crossTenantReads = 0
            for (method, path, body) in routes {
                let reply = try await a.send(method, path, body: try body.map { try JSONSerialization.data(withJSONObject: $0) })
                #expect(reply.status == 404, "\(method) \(path) answered \(reply.status): \(reply.text)")
                if reply.status / 100 == 2 { crossTenantReads += 1 }
            }

            // Lists and streams of A show A's own only.
            for path in ["/v1/tenant", "/v1/queues", "/v1/agents", "/v1/skills", "/v1/api-keys", "/v1/stats"] {
                let reply = try await a.get(path)
                #expect(reply.status == 200, "\(path): \(reply.text)")
                for secret in ["Globex", "globex", bContact, bAgentKeyID, "\"queueId\":3", "\"agentId\":11"] where reply.text.contains(secret) {
                    Issue.record("\(path) shows tenant B's \(secret): \(reply.text)")
                    crossTenantReads += 1
                }
            }
            try await Task.sleep(for: .seconds(1.5))
            for event in aWall.received where "\(event)".contains(bContact) || (event["agentId"] as? Int) == 11 {
                Issue.record("tenant A's stream carried B's event \(event)")
                crossTenantReads += 1
            }
            let aDesk = EventStreamClient(gateway, path: "/v1/agents/11/events?lastEventId=1.0", key: a.key!)
            defer { aDesk.close() }
            #expect(await aDesk.first(within: .seconds(3)) { _ in true } == nil, "A read B's agent stream")
            #expect(crossTenantReads == 0)

            // B's own view is intact: the offer is still pending, untouched by A's attempts.
            #expect(try await b.get("/v1/contacts/\(bContact)").string("state") == "offered")
        }
    }
}
