import Logging
import NIOCore

/// Runs the handshake on a new connection, then replaces itself with an
/// `AssociationHandler`. A connection that fails the handshake is closed with a
/// log line saying why; nothing else on the node is affected.
final class HandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Frame
    typealias OutboundOut = ByteBuffer

    enum Role {
        /// We dialled `expected`.
        case initiator(expected: NodeAddress)
        case acceptor
    }

    private let role: Role
    private let transport: NodeTransport
    private let frameGuard: HandshakeFrameGuard?
    private var logger: Logger
    private var timeout: Scheduled<Void>?
    private var done = false

    init(role: Role, transport: NodeTransport, frameGuard: HandshakeFrameGuard? = nil, logger: Logger) {
        self.role = role
        self.transport = transport
        self.frameGuard = frameGuard
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // Accepted channels are active already; dialled ones become active when the connect succeeds.
        if context.channel.isActive { begin(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        begin(context: context)
        context.fireChannelActive()
    }

    /// The handshake clock starts when the TCP connection is up: a connect that
    /// fails is reported by the connect itself.
    private func begin(context: ChannelHandlerContext) {
        guard timeout == nil else { return }
        if let remote = context.channel.remoteAddress {
            logger[metadataKey: "remote"] = "\(remote)"
        }
        let channel = context.channel
        let limit = transport.settings.handshakeTimeout
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(in: TimeAmount(limit)) {
            loopBound.value.fail(channel: channel, reason: "no handshake within \(limit)")
        }
        if case .initiator = role { sendGreeting(context: context, kind: .hello) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        let frame = unwrapInboundIn(data)
        switch (role, frame.kind) {
        case (.acceptor, .hello):
            accept(context: context, payload: frame.payload)
        case (.initiator(let expected), .helloAccept):
            confirm(context: context, payload: frame.payload, expected: expected)
        case (.initiator, .helloReject):
            let reason = frame.payload.getString(at: frame.payload.readerIndex, length: frame.payload.readableBytes)
            fail(channel: context.channel, reason: "rejected by peer: \(reason ?? "no reason")")
        default:
            fail(channel: context.channel, reason: "unexpected \(frame.kind) frame during handshake")
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(channel: context.channel, reason: "\(error)")
    }

    func channelInactive(context: ChannelHandlerContext) {
        if timeout != nil { fail(channel: context.channel, reason: "connection closed during handshake") }
        context.fireChannelInactive()
    }

    private var ourGreeting: Handshake.Greeting {
        Handshake.Greeting(clusterName: transport.settings.clusterName, identity: transport.settings.identity)
    }

    private func sendGreeting(context: ChannelHandlerContext, kind: Frame.Kind) {
        write(Frame(kind: kind, payload: Handshake.encode(ourGreeting)), context: context)
    }

    private func accept(context: ChannelHandlerContext, payload: ByteBuffer) {
        let theirs: Handshake.Greeting
        do {
            theirs = try Handshake.decode(payload)
            try Handshake.validate(theirs, against: ourGreeting)
        } catch {
            write(Frame(kind: .helloReject, payload: Handshake.encodeRejection(error)), context: context)
            fail(channel: context.channel, reason: error.description)
            return
        }
        // A partitioned peer's greeting is lost like any other frame; the timeout closes the connection.
        guard !transport.faults.blocksInbound(from: theirs.identity.address) else { return }
        sendGreeting(context: context, kind: .helloAccept)
        complete(context: context, peer: theirs.identity, initiatedHere: false)
    }

    private func confirm(context: ChannelHandlerContext, payload: ByteBuffer, expected: NodeAddress) {
        let theirs: Handshake.Greeting
        do {
            theirs = try Handshake.decode(payload)
            try Handshake.validate(theirs, against: ourGreeting)
        } catch {
            fail(channel: context.channel, reason: error.description)
            return
        }
        guard theirs.identity.address == expected else {
            fail(channel: context.channel, reason: "dialled \(expected) but \(theirs.identity.address) answered")
            return
        }
        guard !transport.faults.blocksInbound(from: expected) else { return }
        complete(context: context, peer: theirs.identity, initiatedHere: true)
    }

    private func complete(context: ChannelHandlerContext, peer: NodeIdentity, initiatedHere: Bool) {
        done = true
        timeout?.cancel()
        logger[metadataKey: "peer"] = "\(peer)"
        let association = AssociationHandler(peer: peer, transport: transport, logger: logger)
        do {
            try context.pipeline.syncOperations.addHandler(association, position: .after(self))
        } catch {
            if initiatedHere { transport.attemptFailed(to: peer.address, reason: .handshakeFailed("\(error)")) }
            context.close(promise: nil)
            return
        }
        context.pipeline.syncOperations.removeHandler(self, promise: nil)
        if let frameGuard {
            context.pipeline.syncOperations.removeHandler(frameGuard, promise: nil)
        }
        transport.established(context.channel, peer: peer, initiatedHere: initiatedHere)
    }

    private func write(_ frame: Frame, context: ChannelHandlerContext) {
        do {
            let bytes = try transport.codec.encode(frame)
            context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
        } catch {
            logger.error("cannot encode handshake frame", metadata: ["error": "\(error)"])
        }
    }

    private func fail(channel: Channel, reason: String) {
        guard !done else { return }
        done = true
        timeout?.cancel()
        logger.warning("handshake failed, closing connection", metadata: ["reason": "\(reason)"])
        if case .initiator(let expected) = role {
            transport.attemptFailed(to: expected, reason: .handshakeFailed(reason))
        }
        channel.close(promise: nil)
    }
}
