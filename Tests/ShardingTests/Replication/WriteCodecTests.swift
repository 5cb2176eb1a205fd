import ClusterSystem
import SeededRandom
import Sharding
import Testing
import Transport

/// The batch forms of writes and outcomes go through the cluster's binary codec
/// exactly as a call does; damaged bytes must throw.
@Suite struct WriteCodecTests {
    func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
        try BinaryDecoder().decode(T.self, from: BinaryEncoder().encode(value))
    }

    @Test func writesAndOutcomesRoundTrip() throws {
        var random = SplitMix64(seed: 21)
        let writes = (0..<50).map { _ in
            ShardWrite(shard: ShardID(UInt32.random(in: 0...UInt32.max, using: &random)),
                       request: RequestID(client: random.next(), number: random.next() >> 3),
                       payload: (0..<Int.random(in: 0...100, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
        }
        #expect(try roundTrip(ShardWrites(writes)) == ShardWrites(writes))
        #expect(try roundTrip(ShardWrites([])) == ShardWrites([]))

        let node = NodeIdentity(address: NodeAddress(host: "127.0.0.4", port: 7101), generation: 9)
        let outcomes: [WriteOutcome] = [
            .acknowledged(LogPosition(epoch: ShardEpoch(3), sequence: 77), primary: node),
            .notPrimary(hint: node.address), .notPrimary(hint: nil),
            .unavailable(reason: "taking shard-3 over"), .rejected(reason: "too large"),
        ]
        #expect(try roundTrip(WriteOutcomes(outcomes)) == WriteOutcomes(outcomes))
    }

    @Test func damagedBatchesThrow() throws {
        let writes = ShardWrites([ShardWrite(shard: ShardID(1), request: RequestID(client: 5, number: 6), payload: [1, 2, 3])])
        let bytes = try BinaryEncoder().encode(writes)
        for cut in 0..<bytes.count {
            #expect(throws: (any Error).self) { try BinaryDecoder().decode(ShardWrites.self, from: Array(bytes[..<cut])) }
        }
        var random = SplitMix64(seed: 22)
        for _ in 0..<500 {
            let noise = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = try? BinaryDecoder().decode(ShardWrites.self, from: noise)
            _ = try? BinaryDecoder().decode(WriteOutcomes.self, from: noise)
        }
    }
}
