import SeededRandom
import Sharding
import Testing
import Transport

/// The movement guarantee (docs/sharding.md): one membership change moves only
/// the shards that must move. Seeds are fixed so a failure replays.
struct MovementTests {
    let shardCount = ShardCount.standard

    @Test(arguments: [UInt64(1), 2, 3, 0xC0FFEE])
    func addingAMemberMovesOnlyShardsItJoins(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<100 {
            let view = RandomView(shardCount: shardCount, using: &random)
            let taken = Set(view.members.map(\.address))
            let joiner = (41...60).lazy.map { member($0, (RandomView.regions + ["af"]).randomElement(using: &random)!) }
                .first { !taken.contains($0.address) }!
            let before = Placement.table(shardCount: shardCount, regionTags: view.regionTags, members: view.members)
            let after = Placement.table(shardCount: shardCount, regionTags: view.regionTags,
                                        members: view.members + [joiner])
            for change in before.changes(to: after) {
                #expect(change.after?.contains(joiner.address) == true, "seed \(seed): \(change) joining \(joiner)")
            }
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 0xC0FFEE])
    func removingAMemberMovesOnlyShardsItOwned(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<100 {
            let view = RandomView(shardCount: shardCount, using: &random)
            let leaver = view.members.randomElement(using: &random)!
            let before = Placement.table(shardCount: shardCount, regionTags: view.regionTags, members: view.members)
            let after = Placement.table(shardCount: shardCount, regionTags: view.regionTags,
                                        members: view.members.filter { $0 != leaver })
            let changed = Set(before.changes(to: after).map(\.shard))
            for shard in shardCount.shards {
                // A shard moves exactly when the leaver owned it.
                #expect(changed.contains(shard) == (before[shard]?.contains(leaver.address) == true),
                        "seed \(seed): \(shard) with \(leaver) leaving")
            }
        }
    }

    @Test func survivingOwnerStaysOnWhenItsPartnerLeaves() {
        // Removing the backup keeps the primary; removing the primary promotes the backup.
        let members = (1...5).map { member($0) }
        let before = Placement.table(shardCount: shardCount, members: members)
        for leaver in members {
            let after = Placement.table(shardCount: shardCount, members: members.filter { $0 != leaver })
            for change in before.changes(to: after) {
                let old = change.before!
                let new = change.after!
                if old.primary == leaver.address {
                    #expect(new.primary == old.backup)
                } else {
                    #expect(new.primary == old.primary)
                }
            }
        }
    }
}
