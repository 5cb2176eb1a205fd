#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore

/// The established connection to one peer incarnation: delivers its messages,
/// sends heartbeats, and declares the connection dead when the peer falls silent.
final class AssociationHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Frame
    typealias OutboundOut = ByteBuffer

    private let peer: NodeIdentity
    private let transport: NodeTransport
    private let logger: Logger
    private var lastHeard = NIODeadline.now()
    private var ticker: RepeatedTask?
    private var closeReason: PeerLoss.Reason?
    private let heartbeat: ByteBuffer

    init(peer: NodeIdentity, transport: NodeTransport, logger: Logger) {
        self.peer = peer
        self.transport = transport
        self.logger = logger
        // A frame with no payload is never compressed and never exceeds the cap.
        heartbeat = try! transport.codec.encode(Frame(kind: .heartbeat, payload: ByteBuffer()))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        lastHeard = .now()
        let interval = TimeAmount(transport.settings.heartbeatInterval)
        let idleTimeout = TimeAmount(transport.settings.idleTimeout)
        let channel = context.channel
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        ticker = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            loopBound.value.tick(channel: channel, idleTimeout: idleTimeout)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        ticker?.cancel()
    }

    private func tick(channel: Channel, idleTimeout: TimeAmount) {
        if NIODeadline.now() - lastHeard > idleTimeout {
            close(channel: channel, reason: .heartbeatTimeout)
            return
        }
        if !transport.faults.blocksOutbound(to: peer.address) {
            channel.writeAndFlush(heartbeat, promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !transport.faults.blocksInbound(from: peer.address) else { return }
        lastHeard = .now()
        let frame = unwrapInboundIn(data)
        switch frame.kind {
        case .message:
            transport.deliver(frame.payload, from: peer)
        case .heartbeat:
            break
        case .hello, .helloAccept, .helloReject:
            close(channel: context.channel, reason: .protocolError("\(frame.kind) after the handshake"))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A reset or broken pipe is the peer going away (a killed process), not a protocol fault.
        if let io = error as? IOError, [ECONNRESET, EPIPE].contains(io.errnoCode) {
            close(channel: context.channel, reason: .closedByPeer)
        } else {
            close(channel: context.channel, reason: .protocolError("\(error)"))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        ticker?.cancel()
        transport.closed(context.channel, peer: peer, reason: closeReason ?? .closedByPeer)
        context.fireChannelInactive()
    }

    private func close(channel: Channel, reason: PeerLoss.Reason) {
        guard closeReason == nil else { return }
        closeReason = reason
        if case .closedByPeer = reason {
            logger.info("connection closed by peer")
        } else {
            logger.warning("closing connection", metadata: ["reason": "\(reason)"])
        }
        channel.close(promise: nil)
    }
}
