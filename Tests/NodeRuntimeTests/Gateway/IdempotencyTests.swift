import Foundation
import NodeRuntime
import Testing

/// A tenant's system that sends `POST /v1/contacts` again after a lost answer, to
/// whichever node, with the `Idempotency-Key` of the first attempt.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct IdempotencyTests {
    @Test func aContactSentAgainWithItsKeyIsCreatedOnceEvenAfterItFinished() async throws {
        try await LocalCluster.with(nodes: 3, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150) { cluster in
            try await GatewayFixture.start(cluster)
            let gateways = cluster.names.map { cluster.httpAddresses[$0]! }
            let admin = try await GatewayFixture.tenant(named: "Acme", cluster: cluster)
            let (first, second) = (APIClient(gateways[0], key: admin), APIClient(gateways[1], key: admin))
            try await GatewayFixture.configure(first)
            let body: [String: Any] = ["channel": "voice", "customerId": 51, "queueId": 2, "intent": "billing"]
            let key = ["Idempotency-Key": "order-51"]

            let created = try await first.post("/v1/contacts", body, headers: key)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.headers["idempotent-replayed"] == nil)
            let contact = try #require(created.string("contactId"))

            // Sent again to another node, the key spelled as a structured-field string.
            let again = try await second.post("/v1/contacts", body, headers: ["Idempotency-Key": "\"order-51\""])
            #expect(again.status == 201, "\(again.text)")
            #expect(again.string("contactId") == contact)
            #expect(again.string("state") == "queued")
            #expect(again.headers["idempotent-replayed"] == "true")
            #expect(again.headers["location"] == "/v1/contacts/\(contact)")
            #expect(try await waiting(inQueue: 2, first) == 1)

            // The key names that contact: another customer under it is the client's mistake.
            let reused = try await second.post("/v1/contacts", ["channel": "voice", "customerId": 52, "queueId": 2], headers: key)
            #expect(reused.status == 422, "\(reused.text)")
            #expect(reused.string("code") == "idempotency-key-reused")

            // Another key is another contact; no key at all, another again.
            let other = try await first.post("/v1/contacts", body, headers: ["Idempotency-Key": "order-51-b"])
            #expect(other.status == 201)
            #expect(other.string("contactId") != contact)
            #expect(try await first.post("/v1/contacts", body).string("contactId") != other.string("contactId"))
            #expect(try await waiting(inQueue: 2, first) == 3)

            // After the contact finished, the key still finds it: it is not routed again.
            #expect(try await first.post("/v1/contacts/\(contact)/abandon").status == 200)
            let late = try await second.post("/v1/contacts", body, headers: key)
            #expect(late.status == 201, "\(late.text)")
            #expect(late.string("contactId") == contact)
            #expect(late.string("state") == "abandoned")
            #expect(late.headers["idempotent-replayed"] == "true")
            #expect(try await waiting(inQueue: 2, first) == 2)
            // The session holds each contact once, however often its key was sent.
            let session = try await first.sessionContacts(of: 51, count: 3)
            #expect(session.count == 3 && Set(session).count == 3 && session.contains(contact), "\(session)")
            // Reused for another customer once the contact finished, the key cannot be
            // checked any more, but it writes nothing into that customer's session.
            let reusedLate = try await first.post("/v1/contacts", ["channel": "voice", "customerId": 52, "queueId": 2], headers: key)
            #expect(reusedLate.string("contactId") == contact)
            // A later contact of the same domain reaching its session shows that the
            // domain sent what it had; customer 52 still has no session.
            let later = try #require(try await first.post("/v1/contacts", ["channel": "voice", "customerId": 53, "queueId": 2])
                .string("contactId"))
            #expect(try await first.sessionContacts(of: 53, count: 1) == [later])
            #expect(try await first.get("/v1/sessions/52").status == 404)

            let long = try await first.post("/v1/contacts", body, headers: ["Idempotency-Key": String(repeating: "k", count: 256)])
            #expect(long.status == 400)
            #expect(long.string("field") == "Idempotency-Key")
        }
    }

    private func waiting(inQueue queue: Int, _ api: APIClient) async throws -> Int? {
        let stats = try await api.get("/v1/stats")
        let queues = stats.json["queues"] as? [[String: Any]] ?? []
        return (queues.first { $0["queueId"] as? Int == queue }?["waiting"] as? NSNumber)?.intValue
    }
}
