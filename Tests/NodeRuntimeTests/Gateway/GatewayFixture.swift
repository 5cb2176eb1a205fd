import Foundation
import NodeRuntime
import Testing

/// Brings a local cluster's gateways up and gives tests a configured tenant.
enum GatewayFixture {
    /// Starts every node and waits until every shard is served and every node's agreed
    /// member set holds them all: a node killed before that can leave the others
    /// without a majority of a smaller agreed set (docs/membership.md).
    static func start(_ cluster: LocalCluster) async throws {
        try cluster.startAll()
        let ready = await cluster.waitUntil(timeout: .seconds(60)) {
            for node in cluster.names where await cluster.status(of: node)?.agreedMembers != cluster.names.count {
                return false
            }
            return await cluster.allServing()
        }
        try #require(ready != nil, "the cluster did not come up:\n\(cluster.recentLogs())")
    }

    /// A new tenant, created with the operator key; returns its admin key.
    static func tenant(named name: String, cluster: LocalCluster) async throws -> String {
        let operatorClient = APIClient(cluster.httpAddresses[cluster.names[0]]!, key: cluster.operatorKey)
        let created = try await operatorClient.post("/v1/tenants", ["name": name])
        try #require(created.status == 201, "\(created.text)")
        return try #require(created.string("adminKey"))
    }

    /// Skill 1; queue 2 in cn-south and queue 1 in cn-east overflowing there after 2 s;
    /// agent 7 in the east and agent 9 in the south, both offline.
    static func configure(_ admin: APIClient, regions: Set<String> = ["cn-east", "cn-south"]) async throws {
        try #require(try await admin.put("/v1/skills/1", ["name": "support"]).status == 200)
        if regions.contains("cn-south") {
            let queue = try await admin.put("/v1/queues/2", ["name": "support-south", "region": "cn-south",
                                                             "skills": [["skillId": 1]]])
            try #require(queue.status == 200, "\(queue.text)")
            let agent = try await admin.put("/v1/agents/9", ["name": "Lin", "region": "cn-south", "wrapUpSeconds": 1,
                                                             "skills": [["skillId": 1, "proficiency": 4]],
                                                             "capacity": ["voice": 1, "chat": 2]])
            try #require(agent.status == 200, "\(agent.text)")
        }
        if regions.contains("cn-east") {
            let queue = try await admin.put("/v1/queues/1", [
                "name": "support-east", "region": "cn-east", "skills": [["skillId": 1]],
                "overflow": [["afterSeconds": 2, "region": "cn-south", "queueId": 2]],
            ])
            try #require(queue.status == 200, "\(queue.text)")
            let agent = try await admin.put("/v1/agents/7", ["name": "Mei", "region": "cn-east", "wrapUpSeconds": 30,
                                                             "skills": [["skillId": 1, "proficiency": 3]],
                                                             "capacity": ["voice": 1, "chat": 2]])
            try #require(agent.status == 200, "\(agent.text)")
        }
    }
}
