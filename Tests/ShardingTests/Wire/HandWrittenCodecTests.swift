import ClusterSystem
import SeededRandom
@testable import Sharding
import Testing

/// The hand-written codecs of replication's hot values against their `Codable`
/// conformances: the same bytes both ways, and the same verdict on bad bytes.
struct ShardingHandWrittenCodecTests {
    static let seeds: [UInt64] = [1, 2, 3]
    private static let widths: [UInt64] = [0, 0x7F, 0x3FFF, UInt64(UInt32.max), .max]

    private func number(_ random: inout SplitMix64) -> UInt64 {
        random.next() & Self.widths[Int(random.next() % UInt64(Self.widths.count))]
    }

    private func epoch(_ random: inout SplitMix64) -> ShardEpoch { ShardEpoch(number(&random)) }

    private func state(_ random: inout SplitMix64) -> ReplicaState {
        ReplicaState(promised: epoch(&random), logEpoch: epoch(&random), lastSequence: number(&random))
    }

    private func decision(_ random: inout SplitMix64) -> AppendDecision {
        switch random.next() % 4 {
        case 0: .accept(skipping: number(&random))
        case 1: .fenced(promised: epoch(&random))
        case 2: .notInstalled
        default: .gap(expected: number(&random))
        }
    }

    private func reply(_ random: inout SplitMix64) -> AppendReply {
        switch random.next() % 3 {
        case 0: .persisted(upTo: number(&random))
        case 1: .refused(decision(&random))
        default: .unavailable
        }
    }

    private func expectSameBytes<T: BinaryCodable & Equatable>(_ value: T) throws {
        let handWritten = try BinaryEncoder().encode(value)
        let generic = try BinaryEncoder().encode(CodableOnly(value))
        #expect(handWritten == generic, "\(value)")
        #expect(try BinaryDecoder().decode(T.self, from: generic) == value)
        #expect(try BinaryDecoder().decode(CodableOnly<T>.self, from: handWritten).value == value)
    }

    @Test(arguments: seeds)
    func statesAndRepliesKeepTheirCodableBytes(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<200 {
            try expectSameBytes(epoch(&random))
            try expectSameBytes(state(&random))
            try expectSameBytes(decision(&random))
            try expectSameBytes(reply(&random))
        }
        // In a list, as a remote call answers them.
        let replies = (0..<20).map { _ in reply(&random) }
        #expect(try BinaryEncoder().encode(replies) == BinaryEncoder().encode(replies.map(CodableOnly.init)))
        #expect(try BinaryDecoder().decode([AppendReply].self, from: BinaryEncoder().encode(replies)) == replies)
    }

    /// Truncated, corrupted and spliced encodings: the hand-written decoder throws exactly
    /// when the `Codable` one does, and otherwise reads the same value.
    @Test(arguments: seeds)
    func badBytesGetTheSameVerdictBothWays(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var accepted = 0
        var refused = 0
        func compare<T: BinaryCodable & Equatable>(_ type: T.Type, _ bytes: [UInt8]) {
            let handWritten = try? BinaryDecoder().decode(T.self, from: bytes)
            let generic = try? BinaryDecoder().decode(CodableOnly<T>.self, from: bytes).value
            #expect(handWritten == generic, "\(T.self) \(bytes)")
            if handWritten == nil { refused += 1 } else { accepted += 1 }
        }
        for round in 0..<600 {
            var bytes = round % 2 == 0 ? try BinaryEncoder().encode(state(&random)) : try BinaryEncoder().encode(reply(&random))
            switch random.next() % 3 {
            case 0:
                bytes.removeLast(Int(random.next() % UInt64(bytes.count)) + 1)
            case 1:
                for _ in 0...Int(random.next() % 3) {
                    bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
                }
            default:
                let cut = Int(random.next() % UInt64(bytes.count))
                bytes.insert(contentsOf: bytes[cut...].prefix(6), at: cut)
            }
            if round % 2 == 0 { compare(ReplicaState.self, bytes) } else { compare(AppendReply.self, bytes) }
        }
        #expect(accepted > 0 && refused > 0)
    }
}
