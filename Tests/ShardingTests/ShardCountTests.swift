import Foundation
import Sharding
import Testing

struct ShardCountTests {
    @Test func validatesAtConstruction() throws {
        #expect(throws: ShardCountError.notPositive(0)) { try ShardCount(0) }
        #expect(throws: ShardCountError.notPositive(-3)) { try ShardCount(-3) }
        #expect(throws: ShardCountError.tooLarge(Int(UInt32.max) + 1)) { try ShardCount(Int(UInt32.max) + 1) }
        #expect(try ShardCount(1).shards == [ShardID(0)])
        #expect(ShardCount.standard.value == 64)
        #expect(try ShardCount.recommended(forExpectedNodes: 5).value == 50)
        #expect(try ShardCount.recommended(forExpectedNodes: 0).value == 10)
    }

    @Test func decodingValidatesToo() throws {
        let decoded = try JSONDecoder().decode(ShardCount.self, from: Data("128".utf8))
        #expect(decoded.value == 128)
        #expect(throws: ShardCountError.notPositive(0)) {
            try JSONDecoder().decode(ShardCount.self, from: Data("0".utf8))
        }
    }

    @Test func everyKeyLandsInRange() throws {
        let count = try ShardCount(7)
        for n in 0..<1000 {
            #expect(count.contains(count.shard(forKey: "k\(n)")))
        }
    }
}
