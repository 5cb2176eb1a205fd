@testable import ClusterSystem
import SeededRandom
import Testing
import Transport

struct EnvelopeTests {
    static let call = CallEnvelope(callID: 77, targetGeneration: 3, timeoutMicroseconds: 5_000_000,
                                   path: "/shard/routing/17", target: "$s4main4EchoC4echoyS2SYaKFTE",
                                   genericSubstitutions: ["Si"], arguments: [[1, 2, 3], [], [0xFF]])

    @Test func callAndReplyRoundTrip() throws {
        #expect(try Envelope(decoding: Envelope.call(Self.call).encoded()) == .call(Self.call))
        let outcomes: [ReplyEnvelope.Outcome] = [
            .value([9, 8]), .void, .thrown(typeName: "Main.Boom", message: "boom"),
            .actorNotFound, .deadlineExceeded, .badCall("unknown target"), .overloaded,
        ]
        for outcome in outcomes {
            let reply = Envelope.reply(ReplyEnvelope(callID: UInt64.max, outcome: outcome))
            #expect(try Envelope(decoding: reply.encoded()) == reply)
        }
    }

    /// The invocation decoder's input comes off the wire: random and corrupted bytes must throw, never crash.
    @Test func randomBytesNeverCrashTheEnvelopeDecoder() {
        var random = SplitMix64(seed: 0xBEEF)
        let valid = Envelope.call(Self.call).encoded()
        var accepted = 0
        for iteration in 0..<50_000 {
            var bytes: [UInt8]
            if iteration % 2 == 0 {
                bytes = (0..<Int(random.next() % 96)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            } else {
                bytes = valid
                bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
                bytes.removeLast(Int(random.next() % 8))
            }
            if (try? Envelope(decoding: bytes)) != nil { accepted += 1 }
        }
        #expect(accepted < 50_000)
    }

    @Test func hugeCountsAreRefusedBeforeAllocating() {
        var writer = ByteWriter()
        writer.bytes.append(Envelope.callTag)
        for _ in 0..<3 { writer.writeVarint(1) }
        writer.writeString("/p")
        writer.writeString("t")
        writer.writeVarint(UInt64.max)
        #expect(throws: WireError.self) { try Envelope(decoding: writer.bytes) }
    }
}
