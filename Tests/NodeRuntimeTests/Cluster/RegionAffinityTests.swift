import Foundation
import NodeRuntime
import Sharding
import Testing
import Transport

/// DESIGN.md's region affinity across real node processes: a region's routing shards
/// live on that region's nodes while it has any.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct RegionAffinityTests {
    static let regions = ["cn-east", "cn-east", "cn-south", "cn-south"]

    /// The owners each node reports for the shards it serves as primary.
    func owners(_ cluster: LocalCluster, among nodes: [String]) async -> [ShardID: ShardStatus] {
        var found: [ShardID: ShardStatus] = [:]
        for node in nodes {
            for status in await cluster.shards(of: node) ?? [] where status.role == .primary {
                found[status.shard] = status
            }
        }
        return found
    }

    @Test func aRegionsRoutingShardsStayOnItsNodesWhileItHasAny() async throws {
        try await LocalCluster.with(nodes: 4, executable: switchboardExecutable, probeIntervalMs: 300, pingTimeoutMs: 150,
                                    regions: Self.regions) { cluster in
            try await GatewayFixture.start(cluster)
            let layout = cluster.layout
            #expect(layout.regions == ["cn-east", "cn-south"])
            let regionOf = Dictionary(uniqueKeysWithValues: zip(cluster.names.map { cluster.addresses[$0]! }, Self.regions))

            // Both owners of every shard that prefers a region are in it.
            let placed = await cluster.waitUntil(timeout: .seconds(20)) {
                let served = await owners(cluster, among: cluster.names)
                return layout.regionTags.allSatisfy { shard, region in
                    guard let status = served[shard], let primary = status.primary, let backup = status.backup else { return false }
                    return regionOf[primary] == region && regionOf[backup] == region
                }
            }
            if placed == nil { Issue.record("not every region's shards were on its nodes:\n\(await views(of: cluster))") }
            // Each shard's status names the region it prefers, as operators see it in `ctl shards`.
            for (shard, status) in await owners(cluster, among: cluster.names) {
                #expect(status.region == layout.region(of: shard), "\(shard)")
            }

            // A tenant's south routing domain is served there, and routes a contact.
            let admin = try await GatewayFixture.tenant(named: "Regional", cluster: cluster)
            let client = APIClient(cluster.httpAddresses["n1"]!, key: admin)
            try await GatewayFixture.configure(client)
            let tenant = try #require(try await client.get("/v1/tenant").int("tenantId"))
            let southShard = layout.shard(forKey: "\(tenant)/2", region: 1)
            #expect(layout.region(of: southShard) == "cn-south")
            let created = try await client.post("/v1/contacts", ["channel": "chat", "customerId": 5, "queueId": 2])
            #expect(created.status == 201, "\(created.text)")
            #expect(created.string("region") == "cn-south")

            // With one south node left, it serves every south shard; the backups move east.
            cluster.process("n3")?.kill9()
            let survivor = cluster.addresses["n4"]!
            let moved = await cluster.waitUntil(timeout: .seconds(30)) {
                let served = await owners(cluster, among: ["n1", "n2", "n4"])
                return layout.regionTags.allSatisfy { shard, region in
                    guard let status = served[shard], let primary = status.primary else { return false }
                    return region == "cn-south" ? primary == survivor : regionOf[primary] == region
                }
            }
            if moved == nil { Issue.record("the south shards did not stay on the south's last node:\n\(await views(of: cluster))") }
            let again = try await client.post("/v1/contacts", ["channel": "chat", "customerId": 6, "queueId": 2])
            #expect(again.status == 201, "\(again.text)")
        }
    }
}
