import SeededRandom
import Sharding
import Transport

func member(_ n: Int, _ region: String = "eu") -> PlacementMember {
    PlacementMember(address: NodeAddress(host: "127.0.0.\(n)", port: 7000), region: region)
}

/// A random view for property tests: 1–8 members with distinct addresses over
/// three regions, and region tags on about half the shards — some naming
/// `"af"`, a region no member is in, to exercise the fallback.
struct RandomView {
    var members: [PlacementMember]
    var regionTags: [ShardID: String]

    static let regions = ["eu", "us", "ap"]

    init(shardCount: ShardCount, using random: inout SplitMix64) {
        let count = Int.random(in: 1...8, using: &random)
        members = Array(1...40).shuffled(using: &random).prefix(count).map { n in
            member(n, Self.regions.randomElement(using: &random)!)
        }
        regionTags = [:]
        for shard in shardCount.shards where Bool.random(using: &random) {
            regionTags[shard] = (Self.regions + ["af"]).randomElement(using: &random)!
        }
    }
}
