import ClusterSystem
import SeededRandom
import Sharding
import Testing
import Transport

@Suite struct LogEntryCodecTests {
    func randomEntry(_ random: inout SplitMix64) -> LogEntry {
        LogEntry(shard: ShardID(UInt32.random(in: 0...UInt32.max, using: &random)),
                 epoch: ShardEpoch(random.next() >> UInt64.random(in: 0...63, using: &random)),
                 sequence: random.next() >> UInt64.random(in: 0...63, using: &random),
                 origin: NodeIdentity(address: NodeAddress(host: "127.0.\(Int.random(in: 0...255, using: &random)).9",
                                                           port: Int.random(in: 0...65_535, using: &random)),
                                      generation: random.next()),
                 request: RequestID(client: random.next(), number: random.next() >> 7),
                 payload: (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
    }

    @Test func entriesRoundTrip() throws {
        var random = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let entries = (0..<Int.random(in: 0...20, using: &random)).map { _ in randomEntry(&random) }
            #expect(try LogEntryCodec.decode(LogEntryCodec.encode(entries)) == entries)
            if let first = entries.first {
                #expect(try LogEntryCodec.decode(single: LogEntryCodec.encode(first)) == first)
            }
        }
    }

    /// Bytes from a peer or a damaged disk: every truncation, every flipped byte and
    /// random noise either decodes or throws, and a truncation always throws.
    @Test func damagedBytesThrowInsteadOfCrashing() {
        var random = SplitMix64(seed: 12)
        for _ in 0..<100 {
            let bytes = LogEntryCodec.encode((0..<3).map { _ in randomEntry(&random) })
            for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
                #expect(throws: WireError.self) { try LogEntryCodec.decode(Array(bytes[..<cut])) }
            }
            var flipped = bytes
            flipped[Int.random(in: 0..<flipped.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            _ = try? LogEntryCodec.decode(flipped)
            let noise = (0..<Int.random(in: 0...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = try? LogEntryCodec.decode(noise)
        }
        #expect(throws: WireError.self) { try LogEntryCodec.decode([0, 0]) }
        // A count no buffer of this size could hold is refused before allocating.
        #expect(throws: WireError.self) { try LogEntryCodec.decode([0xFF, 0xFF, 0xFF, 0x7F]) }
    }
}
