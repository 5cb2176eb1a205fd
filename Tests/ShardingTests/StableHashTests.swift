import Sharding
import Testing

struct StableHashTests {
    @Test func fnv1aMatchesPublishedVectors() {
        // Test vectors from the FNV reference (draft-eastlake-fnv, appendix C).
        var empty = FNV1a64()
        empty.combine(bytes: [])
        #expect(empty.value == 0xCBF2_9CE4_8422_2325)
        var a = FNV1a64()
        a.combine(bytes: "a".utf8)
        #expect(a.value == 0xAF63_DC4C_8601_EC8C)
        var foobar = FNV1a64()
        foobar.combine(bytes: "foobar".utf8)
        #expect(foobar.value == 0x8594_4171_F739_67E8)
    }

    @Test func keyToShardIsPinned() throws {
        // Pinned values: if these change, every deployed entity changes shard.
        let count = ShardCount.standard
        let pinned = ["agent-1", "agent-2", "tenant-a/eu", "customer-42", ""].map { count.shard(forKey: $0).rawValue }
        #expect(pinned == Self.pinnedShards)
        #expect(count.shard(forKey: "agent-1") == count.shard(forKeyBytes: Array("agent-1".utf8)))
    }

    static let pinnedShards: [UInt32] = [50, 31, 9, 54, 27]

    @Test func rendezvousIsPinned() {
        // Pinned values, computed independently of this code: if these change,
        // nodes running different releases disagree on owners.
        let members = (1...3).map { member($0) }
        let owners = (0..<4).map { Placement.owners(of: ShardID($0), regionTag: nil, members: members) }
        let expected = [(3, 1), (3, 1), (3, 2), (2, 3)].map {
            ShardOwners(primary: member($0.0).address, backup: member($0.1).address)
        }
        #expect(owners == expected)
    }

    @Test func keysSpreadOverShards() {
        let count = ShardCount.standard
        var perShard = [Int](repeating: 0, count: Int(count.value))
        for n in 0..<64_000 {
            perShard[Int(count.shard(forKey: "agent-\(n)").rawValue)] += 1
        }
        // 1000 expected per shard; ±25% is far outside chance for a sound hash.
        #expect(perShard.allSatisfy { (750...1250).contains($0) }, "\(perShard)")
    }
}
