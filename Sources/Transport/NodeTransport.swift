import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A node's TCP transport: one listener, one lazily opened connection per peer,
/// length-prefixed frames, bounded outbound buffers and fault injection.
///
/// Thread-safe: `send` may be called from any thread or task. Received messages
/// and lost peers are reported to the `TransportReceiver` on the event loop.
public final class NodeTransport: Sendable {
    public let settings: TransportSettings
    public let faults: FaultInjector
    let codec: FrameCodec
    private let group: MultiThreadedEventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var associations: [NodeAddress: Association] = [:]
        var listener: Channel?
        weak var receiver: (any TransportReceiver)?
        var isShutDown = false
    }

    /// - Parameter eventLoopThreads: 1 by default: a node's traffic is a handful of
    ///   peer connections, and the cores are better spent on actors.
    public init(settings: TransportSettings, faults: FaultInjector = FaultInjector(),
                eventLoopThreads: Int = 1, logger: Logger = Logger(label: "switchboard.transport")) {
        self.settings = settings
        self.faults = faults
        self.codec = FrameCodec(maximumFrameBytes: settings.maximumFrameBytes,
                                compressionThresholdBytes: settings.compressionThresholdBytes)
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: eventLoopThreads)
        var logger = logger
        logger[metadataKey: "node"] = "\(settings.identity)"
        self.logger = logger
    }

    public var identity: NodeIdentity { settings.identity }

    /// The event loops that run connections; the layer above schedules its timers here.
    public var eventLoopGroup: any EventLoopGroup { group }

    public func setReceiver(_ receiver: any TransportReceiver) {
        state.withLock { $0.receiver = receiver }
    }

    /// Binds the listener on this node's address.
    public func start() async throws {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try self.addHandlers(to: channel, role: .acceptor)
                }
            }
        let address = settings.identity.address
        let listener = try await bootstrap.bind(host: address.host, port: address.port).get()
        state.withLock { $0.listener = listener }
        logger.info("transport listening", metadata: ["address": "\(address)"])
    }

    /// Queues `payload` for `peer`, connecting first if needed.
    ///
    /// Throws at once when the peer's buffer is full, when the peer is in reconnect
    /// backoff, or when the message exceeds the frame limit. Success means queued,
    /// not delivered: a connection lost later is reported as a `PeerLoss`.
    public func send(_ payload: ByteBuffer, to peer: NodeAddress) throws(TransportError) {
        let frame: ByteBuffer
        do {
            frame = try codec.encode(Frame(kind: .message, payload: payload))
        } catch {
            throw .messageTooLarge(bytes: payload.readableBytes, limitBytes: settings.maximumFrameBytes)
        }
        switch faults.outboundVerdict(to: peer) {
        case .deliver:
            try enqueue(frame, to: peer)
        case .drop:
            return
        case .delay(let delay):
            // The frame arrives later or, if the link fails meanwhile, never: as on a slow network.
            group.next().scheduleTask(in: TimeAmount(delay)) { [self] in
                try? self.enqueue(frame, to: peer)
            }
        }
    }

    /// Closes the connection to `peer` and fails everything in flight to it, as when
    /// membership declares the peer dead.
    public func disconnect(_ peer: NodeAddress, reason: PeerLoss.Reason = .declaredDead) {
        guard let association = state.withLock({ $0.associations[peer] }) else { return }
        let (channel, loss) = association.state.withLock { state -> (Channel?, PeerLoss?) in
            guard let channel = state.liveChannel else { return (nil, nil) }
            return (channel, state.closed(channel, reason: reason, now: .now()))
        }
        channel?.close(promise: nil)
        if let loss { report(loss) }
    }

    /// The incarnation currently connected at `peer`, if any.
    public func connectedIdentity(of peer: NodeAddress) -> NodeIdentity? {
        guard let association = state.withLock({ $0.associations[peer] }) else { return nil }
        return association.state.withLock { state in
            if case .connected(_, let identity, _) = state.phase { identity } else { nil }
        }
    }

    /// Bytes queued or in flight to `peer`, for tests and status pages.
    public func bufferedBytes(to peer: NodeAddress) -> Int {
        state.withLock { $0.associations[peer] }?.state.withLock { $0.bufferedBytes } ?? 0
    }

    /// Closes the listener and every connection and stops the event loops; a second
    /// call returns at once (NIO would wait for ever on a group already shut down).
    public func shutdown() async {
        let closing = state.withLock { state -> (Channel?, [Association])? in
            guard !state.isShutDown else { return nil }
            state.isShutDown = true
            return (state.listener, Array(state.associations.values))
        }
        guard let (listener, associations) = closing else { return }
        try? await listener?.close()
        for association in associations {
            disconnect(association.peerAddress, reason: .shutdown)
        }
        try? await group.shutdownGracefully()
    }

    // MARK: - Sending

    private func association(for peer: NodeAddress) throws(TransportError) -> Association {
        let result = state.withLock { state -> Association? in
            guard !state.isShutDown else { return nil }
            if let existing = state.associations[peer] { return existing }
            let created = Association(localAddress: settings.identity.address, peerAddress: peer,
                                      bufferLimitBytes: settings.outboundBufferLimitBytes,
                                      backoff: settings.reconnectBackoff)
            state.associations[peer] = created
            return created
        }
        guard let result else { throw .shutDown }
        return result
    }

    private func enqueue(_ frame: ByteBuffer, to peer: NodeAddress) throws(TransportError) {
        let association = try association(for: peer)
        let action = try association.state.withLock { state throws(TransportError) in
            try state.enqueue(frame, now: .now())
        }
        switch action {
        case .none:
            break
        case .connect:
            connect(association)
        case .scheduleDrain(let channel):
            channel.eventLoop.execute { self.drain(association, on: channel) }
        }
    }

    private func drain(_ association: Association, on channel: Channel) {
        guard let frames = association.state.withLock({ $0.takePending(for: channel) }) else { return }
        let bytes = frames.readableBytes
        // The bytes leave the buffer when the write completes, successfully or not.
        let promise = channel.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenComplete { _ in
            association.state.withLock { $0.written(bytes: bytes) }
        }
        channel.writeAndFlush(frames, promise: promise)
    }

    private func connect(_ association: Association) {
        let peer = association.peerAddress
        let local = settings.identity.address
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(settings.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try self.addHandlers(to: channel, role: .initiator(expected: peer))
                }
            }
        // Started under the state lock, so a connect is either under way before
        // `shutdown` marks the transport (and is failed by it) or never starts: one
        // started on an event loop that has shut down would never complete.
        let attempt = state.withLock { state -> EventLoopFuture<Channel>? in
            guard !state.isShutDown else { return nil }
            if let source = try? SocketAddress(ipAddress: local.host, port: 0) {
                // Outgoing connections leave from this node's own address, so that a
                // kernel rule between two loopback addresses cuts both directions.
                return bootstrap.bind(to: source).connect(host: peer.host, port: peer.port)
            }
            return bootstrap.connect(host: peer.host, port: peer.port)
        }
        // Outside the lock: a failure may be reported at once, and it takes the lock.
        attempt?.whenFailure { error in
            self.attemptFailed(to: peer, reason: .connectFailed(Self.describe(error)))
        }
    }

    /// NIO's connection errors list every address tried; one cause is what an operator reads.
    private static func describe(_ error: any Error) -> String {
        if let connection = error as? NIOConnectionError, let first = connection.connectionErrors.first {
            return "\(first.error)"
        }
        return "\(error)"
    }

    private func addHandlers(to channel: Channel, role: HandshakeHandler.Role) throws {
        var connectionLogger = logger
        if case .initiator(let peer) = role { connectionLogger[metadataKey: "peer"] = "\(peer)" }
        let frameGuard = HandshakeFrameGuard()
        try channel.pipeline.syncOperations.addHandlers(
            frameGuard,
            ByteToMessageHandler(FrameDecoder(codec: codec)),
            HandshakeHandler(role: role, transport: self, frameGuard: frameGuard, logger: connectionLogger)
        )
    }

    // MARK: - Events from connections

    func established(_ channel: Channel, peer: NodeIdentity, initiatedHere: Bool) {
        guard let association = try? association(for: peer.address) else {
            channel.close(promise: nil)
            return
        }
        let result = association.state.withLock {
            $0.established(channel, peer: peer, initiatedHere: initiatedHere)
        }
        for loser in result.close {
            // A losing duplicate may still carry frames the peer wrote before it saw
            // the winner: give them a moment to arrive.
            loser.eventLoop.scheduleTask(in: .milliseconds(500)) { loser.close(promise: nil) }
        }
        if let lost = result.lost { report(lost) }
        if result.refused {
            logger.warning("refused connection from an older incarnation", metadata: ["peer": "\(peer)"])
            // Our own dial reached an older incarnation: the attempt failed, so back
            // off and retry rather than wait in `connecting` for ever.
            if initiatedHere { attemptFailed(to: peer.address, reason: .handshakeFailed("peer is an older incarnation")) }
        } else {
            logger.debug("connected", metadata: ["peer": "\(peer)", "initiatedHere": "\(initiatedHere)"])
        }
        if let drainChannel = result.drain {
            drainChannel.eventLoop.execute { self.drain(association, on: drainChannel) }
        }
    }

    func attemptFailed(to peer: NodeAddress, reason: PeerLoss.Reason) {
        guard let association = state.withLock({ $0.associations[peer] }) else { return }
        if let loss = association.state.withLock({ $0.attemptFailed(reason: reason, now: .now()) }) {
            logger.info("peer unreachable", metadata: ["peer": "\(peer)", "reason": "\(reason)"])
            report(loss)
        }
    }

    func closed(_ channel: Channel, peer: NodeIdentity, reason: PeerLoss.Reason) {
        guard let association = state.withLock({ $0.associations[peer.address] }) else { return }
        if let loss = association.state.withLock({ $0.closed(channel, reason: reason, now: .now()) }) {
            logger.info("connection lost", metadata: ["peer": "\(peer)", "reason": "\(reason)"])
            report(loss)
        }
    }

    func deliver(_ payload: ByteBuffer, from peer: NodeIdentity) {
        state.withLock { $0.receiver }?.transport(received: payload, from: peer)
    }

    private func report(_ loss: PeerLoss) {
        state.withLock { $0.receiver }?.transport(lost: loss)
    }
}

/// The link to one peer address: its state machine behind a lock.
final class Association: Sendable {
    let peerAddress: NodeAddress
    let state: Mutex<AssociationState>

    init(localAddress: NodeAddress, peerAddress: NodeAddress, bufferLimitBytes: Int, backoff: Backoff) {
        self.peerAddress = peerAddress
        self.state = Mutex(AssociationState(localAddress: localAddress, peerAddress: peerAddress,
                                            bufferLimitBytes: bufferLimitBytes, backoff: backoff))
    }
}
