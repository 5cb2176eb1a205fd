import SeededRandom
import Sharding
import Testing
import Transport

struct PlacementTests {
    let shardCount = ShardCount.standard

    @Test func deterministicAndIndependentOfMemberOrder() {
        var random = SplitMix64(seed: 0x5EED_0001)
        for _ in 0..<50 {
            let view = RandomView(shardCount: shardCount, using: &random)
            let table = Placement.table(shardCount: shardCount, regionTags: view.regionTags, members: view.members)
            let shuffled = view.members.shuffled(using: &random)
            #expect(Placement.table(shardCount: shardCount, regionTags: view.regionTags, members: shuffled) == table)
            // Duplicated entries do not change the answer either.
            #expect(Placement.table(shardCount: shardCount, regionTags: view.regionTags,
                                    members: view.members + shuffled) == table)
            for shard in shardCount.shards {
                #expect(Placement.owners(of: shard, regionTag: view.regionTags[shard], members: shuffled) == table[shard])
            }
        }
    }

    @Test func primaryAndBackupDiffer() {
        var random = SplitMix64(seed: 0x5EED_0002)
        for _ in 0..<50 {
            let view = RandomView(shardCount: shardCount, using: &random)
            let table = Placement.table(shardCount: shardCount, regionTags: view.regionTags, members: view.members)
            for shard in shardCount.shards {
                let owners = table[shard]
                #expect(owners != nil)
                #expect(owners?.primary != owners?.backup)
                #expect((owners?.backup == nil) == (view.members.count == 1))
            }
        }
    }

    @Test func noMembersNoOwners() {
        #expect(Placement.owners(of: ShardID(0), regionTag: nil, members: []) == nil)
        let table = Placement.table(shardCount: shardCount, members: [])
        #expect(table.owners.isEmpty)
    }

    @Test func regionTaggedShardStaysInItsRegion() {
        let members = [member(1, "eu"), member(2, "eu"), member(3, "eu"), member(4, "us"), member(5, "us")]
        let us = Set(members.filter { $0.region == "us" }.map(\.address))
        for shard in shardCount.shards {
            let owners = Placement.owners(of: shard, regionTag: "us", members: members)
            #expect(owners.map { us.contains($0.primary) } == true)
            #expect(owners?.backup.map(us.contains) == true)
        }
    }

    @Test func loneRegionMemberIsPrimaryWithBackupElsewhere() {
        let members = [member(1, "eu"), member(2, "eu"), member(3, "us")]
        var backups: Set<NodeAddress> = []
        for shard in shardCount.shards {
            let owners = Placement.owners(of: shard, regionTag: "us", members: members)
            #expect(owners?.primary == member(3).address)
            if let backup = owners?.backup { backups.insert(backup) }
        }
        // The backup is chosen by rendezvous among the other regions, so both eu members serve.
        #expect(backups == [member(1).address, member(2).address])
    }

    @Test func regionWithoutMembersFallsBackToAllMembers() {
        let members = [member(1, "eu"), member(2, "eu"), member(3, "us")]
        for shard in shardCount.shards {
            #expect(Placement.owners(of: shard, regionTag: "ap", members: members)
                == Placement.owners(of: shard, regionTag: nil, members: members))
        }
    }

    @Test func primariesBalanceOverFiveMembers() throws {
        let count = try ShardCount(640)
        let members = (1...5).map { member($0) }
        let table = Placement.table(shardCount: count, members: members)
        var primaries: [NodeAddress: Int] = [:]
        var backups: [NodeAddress: Int] = [:]
        for owners in table.owners.values {
            primaries[owners.primary, default: 0] += 1
            if let backup = owners.backup { backups[backup, default: 0] += 1 }
        }
        // 12–28% of 640 shards.
        let fair = 77...179
        #expect(members.allSatisfy { fair.contains(primaries[$0.address] ?? 0) }, "\(primaries)")
        #expect(members.allSatisfy { fair.contains(backups[$0.address] ?? 0) }, "\(backups)")
    }

    @Test func changesListOnlyShardsWhoseOwnersDiffer() {
        let before = Placement.table(shardCount: shardCount, members: [member(1), member(2), member(3)])
        #expect(before.changes(to: before).isEmpty)
        let after = Placement.table(shardCount: shardCount, members: [member(1), member(2)])
        let changes = before.changes(to: after)
        #expect(!changes.isEmpty)
        #expect(changes == changes.sorted { $0.shard < $1.shard })
        for shard in shardCount.shards {
            let listed = changes.first { $0.shard == shard }
            #expect((listed != nil) == (before[shard] != after[shard]))
            if let listed {
                #expect(listed.primaryChanged == (before[shard]?.primary != after[shard]?.primary))
                #expect(listed.backupChanged == (before[shard]?.backup != after[shard]?.backup))
            }
        }
        let emptied = before.changes(to: Placement.table(shardCount: shardCount, members: []))
        #expect(emptied.count == Int(shardCount.value))
        #expect(emptied.allSatisfy { $0.after == nil && $0.primaryChanged })
    }
}
