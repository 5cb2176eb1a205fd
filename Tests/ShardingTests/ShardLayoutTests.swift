import Sharding
import Testing
import Transport

struct ShardLayoutTests {
    let regions = ["cn-east", "cn-south", "cn-north"]

    @Test func regionBoundKeysLandOnShardsThatPreferTheirRegion() throws {
        let layout = ShardLayout(shardCount: .standard, regions: regions)
        #expect(layout.shardsPerRegion == 10)
        for (index, region) in regions.enumerated() {
            var used: Set<ShardID> = []
            for tenant in 0..<2_000 {
                let shard = layout.shard(forKey: "\(tenant)/\(index + 1)", region: index)
                #expect(layout.region(of: shard) == region)
                #expect(layout.regionTags[shard] == region)
                used.insert(shard)
            }
            // Spread over every shard of the region, not piled on one.
            #expect(used.count == layout.shardsPerRegion)
        }
        // Half of the shards prefer a region; the rest, none.
        #expect(layout.regionTags.count == 30)
        #expect(layout.region(of: ShardID(30)) == nil && layout.region(of: ShardID(63)) == nil)
    }

    @Test func keysBoundToNoRegionMapAsTheyAlwaysDid() throws {
        let layout = ShardLayout(shardCount: .standard, regions: regions)
        for key in ["session/1/42", "tenant/7", "7/1", ""] {
            #expect(layout.shard(forKey: key, region: nil) == ShardCount.standard.shard(forKey: key))
        }
        // A region index the cluster does not have binds to none, and never traps.
        #expect(layout.shard(forKey: "7/9", region: 8) == ShardCount.standard.shard(forKey: "7/9"))
        #expect(layout.shard(forKey: "7/0", region: -1) == ShardCount.standard.shard(forKey: "7/0"))
    }

    @Test func oneRegionOrFewerShardsThanRegionsPreferNothing() throws {
        let single = ShardLayout(shardCount: .standard, regions: ["cn-east"])
        #expect(single.regionTags.isEmpty)
        #expect(single.shard(forKey: "7/1", region: 0) == ShardCount.standard.shard(forKey: "7/1"))
        let tiny = ShardLayout(shardCount: try ShardCount(2), regions: regions)
        #expect(tiny.shardsPerRegion == 0 && tiny.regionTags.isEmpty)
        let two = ShardLayout(shardCount: try ShardCount(3), regions: ["a", "b"])
        #expect(two.regionTags == [ShardID(0): "a", ShardID(1): "b"])
        #expect(two.shard(forKey: "x", region: 1) == ShardID(1))
    }

    /// With the layout's tags, placement keeps a region's shards on its members while it
    /// has two, and on its last member (backup elsewhere) when it has one.
    @Test func placementKeepsARegionsShardsOnItsNodes() throws {
        let layout = ShardLayout(shardCount: .standard, regions: ["east", "south"])
        func member(_ n: Int, _ region: String) -> PlacementMember {
            PlacementMember(address: NodeAddress(host: "127.0.0.\(n)", port: 7400), region: region)
        }
        let members = [member(1, "east"), member(2, "east"), member(3, "south"), member(4, "south")]
        let regionOf = Dictionary(uniqueKeysWithValues: members.map { ($0.address, $0.region) })
        let table = Placement.table(shardCount: .standard, regionTags: layout.regionTags, members: members)
        for (shard, region) in layout.regionTags {
            let owners = try #require(table[shard])
            #expect(regionOf[owners.primary] == region)
            #expect(owners.backup.flatMap { regionOf[$0] } == region)
        }
        let oneSouth = Placement.table(shardCount: .standard, regionTags: layout.regionTags, members: Array(members.prefix(3)))
        for (shard, region) in layout.regionTags where region == "south" {
            #expect(oneSouth[shard]?.primary == members[2].address)
        }
    }
}
