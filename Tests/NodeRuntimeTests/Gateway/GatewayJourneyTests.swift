import Foundation
import NodeRuntime
import Testing
import Transport

/// A tenant's developer, an agent and a supervisor using a real three-node cluster
/// (two regions) through its gateways, each request to whichever node is at hand.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct GatewayJourneyTests {
    @Test func aContactGoesFromTheAPIToAnAgentsDesktopAndOverflowsAcrossRegions() async throws {
        try await LocalCluster.with(nodes: 3, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150) { cluster in
            try await GatewayFixture.start(cluster)
            let gateways = cluster.names.map { cluster.httpAddresses[$0]! }
            let admin = try await GatewayFixture.tenant(named: "Acme", cluster: cluster)
            let (east, south) = (APIClient(gateways[0], key: admin), APIClient(gateways[2], key: admin))
            try await GatewayFixture.configure(east)

            let agentKey = try #require(try await east.post("/v1/api-keys", ["role": "agent", "agentId": 7]).string("key"))
            let desk = EventStreamClient(gateways[1], path: "/v1/agents/7/events", key: agentKey)
            let wallboard = EventStreamClient(gateways[2], path: "/v1/events", key: admin)
            defer { desk.close(); wallboard.close() }
            try await Task.sleep(for: .milliseconds(500))
            let agent = APIClient(gateways[2], key: agentKey)
            #expect(try await agent.post("/v1/agents/7/status", ["status": "available"]).status == 200)

            // Created on one node, offered on the agent's desktop connected to another.
            let created = try await east.post("/v1/contacts", ["channel": "voice", "customerId": 42, "queueId": 1, "intent": "billing"])
            #expect(created.status == 201, "\(created.text)")
            let contact = try #require(created.string("contactId"))
            #expect(created.json["earlierContacts"] == nil)
            let offer = try #require(await desk.first { $0["type"] as? String == "offer" && $0["contactId"] as? String == contact })
            #expect((offer["tenantId"] as? NSNumber)?.intValue != nil)
            #expect(offer["eventId"] as? String != nil)
            let reservation = try #require((offer["reservation"] as? [String: Any])?["reservationId"] as? String)

            #expect(try await agent.post("/v1/agents/7/reservations/\(reservation)/accept").status == 200)
            #expect(try await south.get("/v1/contacts/\(contact)").string("state") == "connected")

            // A chat between the customer (through the tenant's systems) and the agent.
            #expect(try await east.post("/v1/contacts/\(contact)/messages", ["text": "my parcel is late"]).status == 201)
            #expect(try await agent.post("/v1/agents/7/contacts/\(contact)/messages", ["text": "let me check"]).status == 201)
            let chat = try await agent.get("/v1/agents/7/contacts/\(contact)/messages").items
            #expect(chat.map { $0["author"] as? String } == ["customer", "agent"])
            #expect(chat.map { $0["text"] as? String } == ["my parcel is late", "let me check"])
            // Agent 9 does not hold this contact.
            #expect(try await south.post("/v1/agents/9/contacts/\(contact)/messages", ["text": "hi"]).status == 404)

            #expect(try await agent.post("/v1/agents/7/contacts/\(contact)/complete", ["notes": "refund issued"]).status == 200)
            let kept = try await east.get("/v1/contacts/\(contact)/messages").items
            #expect(kept.last?["author"] as? String == "note")
            #expect(kept.last?["text"] as? String == "refund issued")
            #expect(try await south.get("/v1/contacts/\(contact)").string("state") == "wrap-up")
            #expect(try await agent.post("/v1/agents/7/contacts/\(contact)/wrap-up-done").status == 200)
            let done = try await east.get("/v1/contacts/\(contact)")
            #expect(done.string("state") == "completed", "\(done.text)")

            // The supervisor's wallboard saw it finish, and gets statistics every second.
            #expect(await wallboard.first { $0["type"] as? String == "contact-finished" && $0["contactId"] as? String == contact } != nil)
            #expect(await wallboard.first { $0["type"] as? String == "stats" } != nil)

            // The same customer on another channel finds the earlier context.
            let again = try #require(try await south.post("/v1/contacts", ["channel": "chat", "customerId": 42, "queueId": 1])
                .string("contactId"))
            #expect(try await east.sessionContacts(of: 42, count: 2) == [contact, again])
            let session = try await east.get("/v1/sessions/42")
            #expect((session.json["entries"] as? [[String: Any]])?.map { $0["channel"] as? String } == ["voice", "chat"])

            // With the east agent on break, a contact overflows to the south's agent after 2 s.
            #expect(try await agent.post("/v1/agents/7/status", ["status": "break"]).status == 200)
            #expect(try await south.post("/v1/agents/9/status", ["status": "available"]).status == 200)
            let overflowing = try #require(try await east.post("/v1/contacts", ["channel": "voice", "customerId": 43, "queueId": 1])
                .string("contactId"))
            var moved: APIClient.Reply?
            for _ in 0..<60 {
                let reply = try await east.get("/v1/contacts/\(overflowing)")
                if reply.string("region") == "cn-south" { moved = reply; break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(moved?.string("state") == "offered", "\(moved?.text ?? "never moved")")
            #expect(moved?.int("queueId") == 2)

            // A wallboard that reconnects with its last event ID gets what it missed.
            let seen = try #require(await wallboard.first { $0["type"] as? String == "offer" && $0["contactId"] as? String == contact })
            let resumed = EventStreamClient(gateways[0], path: "/v1/events?lastEventId=\(seen["eventId"] as! String)", key: admin)
            defer { resumed.close() }
            #expect(await resumed.first { $0["type"] as? String == "contact-finished" && $0["contactId"] as? String == contact } != nil)

            let stats = try await east.get("/v1/stats")
            #expect(Set(((stats.json["queues"] as? [[String: Any]]) ?? []).compactMap { $0["queueId"] as? Int }) == [1, 2])

            // Operators see the cluster; tenants do not.
            let operatorClient = APIClient(gateways[1], key: cluster.operatorKey)
            #expect(try await operatorClient.get("/v1/cluster/members").items.count == 3)
            #expect(try await operatorClient.get("/v1/cluster/shards").items.isEmpty == false)
            #expect(try await east.get("/v1/cluster/members").status == 403)

            // Every node exports Prometheus metrics, this traffic included, to the operator only.
            for address in gateways {
                let metrics = try await APIClient(address, key: cluster.operatorKey).get("/metrics").text
                #expect(metrics.contains("http_server_request_duration"), "\(address)")
                #expect(metrics.contains("switchboard_members"), "\(address)")
                #expect(try await APIClient(address, key: admin).get("/metrics").status == 401)
            }
            let east1 = try await APIClient(gateways[0], key: cluster.operatorKey).get("/metrics").text
                + (try await APIClient(gateways[1], key: cluster.operatorKey).get("/metrics").text)
                + (try await APIClient(gateways[2], key: cluster.operatorKey).get("/metrics").text)
            #expect(east1.contains("switchboard_routing_decisions_total"))
        }
    }

    @Test func badInputGetsAProblemNamingWhatToFix() async throws {
        try await LocalCluster.with(nodes: 1, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150) { cluster in
            try await GatewayFixture.start(cluster)
            let admin = try await GatewayFixture.tenant(named: "Acme", cluster: cluster)
            let api = APIClient(cluster.httpAddresses["n1"]!, key: admin)
            try await GatewayFixture.configure(api, regions: ["cn-south"])

            let wrongType = try await api.post("/v1/contacts", ["channel": "voice", "customerId": "x", "queueId": 2])
            #expect(wrongType.status == 400)
            #expect(wrongType.headers["content-type"] == "application/problem+json")
            #expect(wrongType.string("code") == "malformed-json")
            #expect(wrongType.string("field") == "customerId")

            let unknownChannel = try await api.post("/v1/contacts", ["channel": "fax", "customerId": 1, "queueId": 2])
            #expect(unknownChannel.string("field") == "channel")
            #expect(unknownChannel.string("detail")?.contains("voice, chat") == true, "\(unknownChannel.text)")

            let missing = try await api.post("/v1/contacts", ["channel": "voice", "queueId": 2])
            #expect(missing.string("field") == "customerId")
            let nested = try await api.put("/v1/agents/5", ["name": "x", "region": "cn-south", "capacity": ["voice": 1],
                                                            "skills": [["skillId": 1, "proficiency": 9]]])
            #expect(nested.status == 400)
            #expect(nested.string("field") == "skills[0].proficiency")
            let notJSON = try await api.send("POST", "/v1/contacts", body: Data("{nope".utf8))
            #expect(notJSON.status == 400)
            let huge = try await api.send("POST", "/v1/contacts", body: Data(repeating: UInt8(ascii: " "), count: 200_000))
            #expect(huge.status == 413)
            #expect(try await api.post("/v1/contacts", ["channel": "voice", "customerId": 1, "queueId": 77]).string("field") == "queueId")

            let anonymous = try await api.with(key: nil).get("/v1/tenant")
            #expect(anonymous.status == 401)
            #expect(anonymous.headers["www-authenticate"] == "Bearer")
            // Keys in URLs are for WebSocket clients only; REST routes take the header.
            #expect(try await api.with(key: nil).get("/v1/tenant?key=\(admin)").status == 401)
            let plainStream = try await api.get("/v1/events")
            #expect(plainStream.status == 426)
            #expect(plainStream.string("code") == "upgrade-required")
            #expect(try await api.with(key: "sbk_1_00000000_00000000000000000000000000000000").get("/v1/tenant").status == 401)
            let agentKey = try #require(try await api.post("/v1/api-keys", ["role": "agent", "agentId": 9]).string("key"))
            #expect(try await api.with(key: agentKey).get("/v1/queues").status == 403)
            #expect(try await api.with(key: agentKey).post("/v1/agents/10/status", ["status": "available"]).status == 403)
            #expect(try await api.with(key: agentKey).post("/v1/agents/9/status", ["status": "missed"]).status == 400)

            // A revoked key stops working (within the gateways' key cache time).
            let keys = try await api.get("/v1/api-keys").items
            let agentKeyID = try #require(keys.first { $0["role"] as? String == "agent" }?["keyId"] as? String)
            #expect(try await api.delete("/v1/api-keys/\(agentKeyID)").status == 204)
            try await Task.sleep(for: .seconds(2.5))
            #expect(try await api.with(key: agentKey).get("/v1/agents/9").status == 401)
        }
    }
}
