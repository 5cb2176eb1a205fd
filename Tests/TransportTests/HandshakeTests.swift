import NIOCore
import NIOEmbedded
import SeededRandom
import Testing
@testable import Transport

struct HandshakeTests {
    static let ours = Handshake.Greeting(clusterName: "prod",
                                         identity: NodeIdentity(address: NodeAddress(host: "127.0.0.2", port: 7001), generation: 9))
    static let theirs = Handshake.Greeting(clusterName: "prod",
                                           identity: NodeIdentity(address: NodeAddress(host: "127.0.0.3", port: 7002), generation: 4))

    @Test func greetingRoundTrips() throws {
        #expect(try Handshake.decode(Handshake.encode(Self.theirs)) == Self.theirs)
        try Handshake.validate(Self.theirs, against: Self.ours)
    }

    @Test func mismatchesAreRejectedWithTheirReason() throws {
        var wrongCluster = Self.theirs
        wrongCluster.clusterName = "staging"
        #expect(throws: Handshake.Rejection.wrongCluster(expected: "prod", got: "staging")) {
            try Handshake.validate(wrongCluster, against: Self.ours)
        }
        #expect(throws: Handshake.Rejection.selfConnection) { try Handshake.validate(Self.ours, against: Self.ours) }

        var future = Self.theirs
        future.version = 2
        #expect(throws: Handshake.Rejection.unsupportedVersion(2)) { _ = try Handshake.decode(Handshake.encode(future)) }

        var badMagic = Handshake.encode(Self.theirs)
        badMagic.setInteger(UInt32(0xDEAD_BEEF), at: 0)
        #expect(throws: Handshake.Rejection.badMagic(0xDEAD_BEEF)) { _ = try Handshake.decode(badMagic) }
    }

    @Test func randomGreetingsNeverCrash() {
        var random = SplitMix64(seed: 11)
        let valid = Array(Handshake.encode(Self.theirs).readableBytesView)
        for iteration in 0..<20_000 {
            var bytes = iteration % 2 == 0 ? valid : (0..<Int(random.next() % 40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if iteration % 2 == 0 {
                bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
                bytes.removeLast(Int(random.next() % 4))
            }
            _ = try? Handshake.decode(ByteBuffer(bytes: bytes))
        }
    }

    /// The acceptor's handler on an EmbeddedChannel: a valid hello is answered with our
    /// greeting; a hello from another cluster gets a reject frame and a closed channel.
    @Test func acceptorAnswersAndRejectsOnAChannel() throws {
        let transport = NodeTransport(settings: try TransportSettings(clusterName: "prod", identity: Self.ours.identity))
        defer { Task { await transport.shutdown() } }

        let accepted = try runAcceptor(transport: transport, hello: Self.theirs)
        #expect(accepted.reply.kind == .helloAccept)
        #expect(try Handshake.decode(accepted.reply.payload) == Self.ours)
        #expect(accepted.isActive)

        var stranger = Self.theirs
        stranger.clusterName = "staging"
        let rejected = try runAcceptor(transport: transport, hello: stranger)
        #expect(rejected.reply.kind == .helloReject)
        #expect(String(buffer: rejected.reply.payload).contains("'staging' does not match"))
        #expect(!rejected.isActive)
    }

    private func runAcceptor(transport: NodeTransport, hello: Handshake.Greeting) throws -> (reply: Frame, isActive: Bool) {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers(
            ByteToMessageHandler(FrameDecoder(codec: transport.codec)),
            HandshakeHandler(role: .acceptor, transport: transport, logger: .init(label: "test")))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.3", port: 7002)).wait()
        try channel.writeInbound(transport.codec.encode(Frame(kind: .hello, payload: Handshake.encode(hello))))
        var written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        let decoded = try transport.codec.decode(&written)
        let reply = try #require(decoded)
        channel.embeddedEventLoop.run()
        let isActive = channel.isActive
        _ = try? channel.finish()
        return (reply, isActive)
    }
}
