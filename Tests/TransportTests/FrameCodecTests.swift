import NIOCore
import NIOEmbedded
import SeededRandom
import Testing
@testable import Transport

struct FrameCodecTests {
    let codec = FrameCodec(maximumFrameBytes: 64 << 10, compressionThresholdBytes: 1 << 10)

    @Test func smallFramesRoundTripUncompressed() throws {
        let frame = Frame(kind: .message, payload: ByteBuffer(string: "route contact 42"))
        var wire = try codec.encode(frame)
        #expect(wire.readableBytes == Frame.headerBytes + 16)
        #expect(wire.getInteger(at: 5, as: UInt8.self) == 0, "no compression flag")
        #expect(try codec.decode(&wire) == frame)
        #expect(wire.readableBytes == 0)
    }

    @Test func largeCompressiblePayloadsAreCompressed() throws {
        let payload = ByteBuffer(repeating: 0x41, count: 32 << 10)
        var wire = try codec.encode(Frame(kind: .message, payload: payload))
        #expect(wire.readableBytes < 1 << 10)
        #expect(wire.getInteger(at: 5, as: UInt8.self) == 1, "zstd flag")
        #expect(try codec.decode(&wire)?.payload == payload)
    }

    @Test func incompressiblePayloadsTravelAsTheyAre() throws {
        var random = SplitMix64(seed: 3)
        let payload = ByteBuffer(bytes: (0..<(8 << 10)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        var wire = try codec.encode(Frame(kind: .message, payload: payload))
        #expect(wire.getInteger(at: 5, as: UInt8.self) == 0)
        #expect(try codec.decode(&wire)?.payload == payload)
    }

    @Test func partialFramesWaitForMoreBytes() throws {
        let wire = try codec.encode(Frame(kind: .heartbeat, payload: ByteBuffer(string: "abc")))
        for cut in 0..<wire.readableBytes {
            var prefix = wire.getSlice(at: 0, length: cut)!
            #expect(try codec.decode(&prefix) == nil)
            #expect(prefix.readableBytes == cut, "nothing consumed from an incomplete frame")
        }
    }

    @Test func oversizedFramesAreRefusedOnBothSides() throws {
        #expect(throws: FrameError.tooLarge(declared: (64 << 10) + 3, limit: 64 << 10)) {
            var random = SplitMix64(seed: 1)
            let payload = ByteBuffer(bytes: (0..<((64 << 10) + 1)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            _ = try codec.encode(Frame(kind: .message, payload: payload))
        }
        var declared = ByteBuffer()
        declared.writeInteger(UInt32(1 << 30))
        #expect(throws: FrameError.tooLarge(declared: 1 << 30, limit: 64 << 10)) { _ = try codec.decode(&declared) }
    }

    @Test func malformedHeadersAreRefused() throws {
        var short = ByteBuffer(bytes: [0, 0, 0, 1, 16])
        #expect(throws: FrameError.tooShort(declared: 1)) { _ = try codec.decode(&short) }
        var kind = ByteBuffer(bytes: [0, 0, 0, 2, 99, 0])
        #expect(throws: FrameError.unknownKind(99)) { _ = try codec.decode(&kind) }
        var flags = ByteBuffer(bytes: [0, 0, 0, 2, 16, 0x80])
        #expect(throws: FrameError.unknownFlags(0x80)) { _ = try codec.decode(&flags) }
    }

    /// A zstd frame that claims to expand past the limit is refused before anything is allocated for it.
    @Test func decompressionBombsAreRefused() throws {
        let big = FrameCodec(maximumFrameBytes: 16 << 20, compressionThresholdBytes: 1 << 10)
        var wire = try big.encode(Frame(kind: .message, payload: ByteBuffer(repeating: 0, count: 8 << 20)))
        #expect(wire.readableBytes < 64 << 10)
        #expect(throws: FrameError.self) { _ = try codec.decode(&wire) }
    }

    /// Random bytes must make the decoder throw or wait for more — never crash, never loop.
    @Test func randomBytesNeverCrashTheDecoder() {
        var random = SplitMix64(seed: 0xD15EA5E)
        let valid = try! codec.encode(Frame(kind: .message, payload: ByteBuffer(repeating: 7, count: 4 << 10)))
        for iteration in 0..<30_000 {
            var bytes: [UInt8]
            if iteration % 3 == 0 {
                bytes = Array(valid.readableBytesView)
                for _ in 0..<(1 + random.next() % 3) {
                    bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
                }
            } else {
                bytes = (0..<Int(random.next() % 48)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                if iteration % 3 == 1, bytes.count >= 6 { bytes[0] = 0; bytes[1] = 0 }
            }
            var buffer = ByteBuffer(bytes: bytes)
            while let frame = try? codec.decode(&buffer), buffer.readableBytes > 0 {
                _ = frame
            }
        }
    }

    /// The pipeline stage on NIO's EmbeddedChannel: frames split at every byte boundary come out whole.
    @Test func decoderReassemblesFramesOnAChannel() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(codec: codec)))
        let frames = [
            Frame(kind: .message, payload: ByteBuffer(string: "one")),
            Frame(kind: .heartbeat, payload: ByteBuffer()),
            Frame(kind: .message, payload: ByteBuffer(repeating: 9, count: 5_000)),
        ]
        var wire = ByteBuffer()
        for frame in frames { try codec.encode(frame, into: &wire) }
        while wire.readableBytes > 0 {
            try channel.writeInbound(wire.readSlice(length: min(7, wire.readableBytes))!)
        }
        for frame in frames {
            #expect(try channel.readInbound(as: Frame.self) == frame)
        }
        #expect(try channel.readInbound(as: Frame.self) == nil)
        _ = try channel.finish()
    }

    @Test func garbageOnAChannelRaisesAnError() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(codec: codec)))
        #expect(throws: FrameError.tooLarge(declared: 0x4745_5420, limit: 64 << 10)) {
            try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\n"))
        }
        _ = try? channel.finish()
    }
}
