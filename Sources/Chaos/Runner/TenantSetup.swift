import Foundation

/// The scenario's tenant, made through the public API as a tenant's admin would: one
/// skill, its queues with their overflow rules, and its agents, each with its own key.
struct TenantSetup {
    struct Made: Sendable {
        var tenant: Int
        var adminKey: String
        var agents: [(id: Int, region: String, capacity: [String: Int], key: String)]
    }

    static func make(_ shape: TenantShape, name: String, through pool: GatewayPool, operatorKey: String) async throws -> Made {
        let gateway = pool.next().address
        let created = try await GatewayClient(gateway, key: operatorKey).call("POST", "/v1/tenants", ["name": "Chaos \(name)"])
        guard let adminKey = created["adminKey"] as? String else {
            throw GatewayClient.Failure(status: 0, body: "the tenant was created without an admin key")
        }
        let admin = GatewayClient(gateway, key: adminKey)
        guard let tenant = try await admin.call("GET", "/v1/tenant")["tenantId"] as? Int else {
            throw GatewayClient.Failure(status: 0, body: "GET /v1/tenant gave no tenantId")
        }
        try await admin.call("PUT", "/v1/skills/1", ["name": "support"])
        // Overflow targets first: a rule must name a queue that exists.
        let ordered = shape.queues.sorted { ($0.overflow == nil ? 0 : 1) < ($1.overflow == nil ? 0 : 1) }
        for queue in ordered {
            var body: [String: Any] = ["name": "support-\(queue.id)", "region": queue.region, "skills": [["skillId": 1]]]
            if let overflow = queue.overflow, let target = shape.queue(overflow.queue) {
                body["overflow"] = [["afterSeconds": overflow.afterSeconds, "region": target.region, "queueId": target.id]]
            }
            try await admin.call("PUT", "/v1/queues/\(queue.id)", body)
        }
        var agents: [(id: Int, region: String, capacity: [String: Int], key: String)] = []
        for (group, shapeOfGroup) in shape.agents.enumerated() {
            for index in 0..<shapeOfGroup.count {
                let id = 1_000 * (group + 1) + index
                try await admin.call("PUT", "/v1/agents/\(id)", [
                    "name": "Agent \(id)", "region": shapeOfGroup.region, "wrapUpSeconds": shapeOfGroup.wrapUpSeconds,
                    "skills": [["skillId": 1, "proficiency": index % 5 + 1]], "capacity": shapeOfGroup.capacity,
                ])
                let key = try await admin.call("POST", "/v1/api-keys", ["role": "agent", "agentId": id])
                guard let secret = key["key"] as? String else {
                    throw GatewayClient.Failure(status: 0, body: "agent \(id)'s key was not returned")
                }
                agents.append((id, shapeOfGroup.region, shapeOfGroup.capacity, secret))
            }
        }
        return Made(tenant: tenant, adminKey: adminKey, agents: agents)
    }
}
