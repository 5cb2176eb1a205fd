import Distributed
import Logging
import NIOCore
import Synchronization
import Transport

/// Switchboard's `DistributedActorSystem`: actors addressed by (node incarnation,
/// path), calls encoded in a compact binary codec and carried by `NodeTransport`.
///
/// Guarantees: a remote call ends within its deadline with a value or a
/// `RemoteCallError`; calls in flight to a peer fail at once when its connection
/// is lost; calls on local actors never touch the network.
public final class ClusterSystem: DistributedActorSystem, TransportReceiver, Sendable {
    public typealias ActorID = ClusterActorID
    public typealias SerializationRequirement = Codable
    public typealias InvocationEncoder = ClusterInvocationEncoder
    public typealias InvocationDecoder = ClusterInvocationDecoder
    public typealias ResultHandler = ClusterResultHandler

    public let transport: NodeTransport
    public let settings: ClusterSystemSettings
    let logger: Logger
    private let calls = CallTable()
    private let deadlineSweep: RepeatedTask
    private let actors = Mutex(ActorRegistry())
    private let allowedGenericTypes = Mutex([String: Any.Type]())
    private let losses = Broadcast<PeerLoss>()
    private let callsInProgress = Atomic<Int>(0)
    private let activator = Mutex<ActivatorBox?>(nil)

    /// The path the next `assignID` uses, for well-known actors.
    /// The path `makeWellKnown` asks for, and the actor type it is for: another actor
    /// created while `make` runs (say, one the well-known actor creates) gets a path of its own.
    @TaskLocal static var pathForNextActor: (path: String, type: ObjectIdentifier)?
    /// The caller's deadline, inherited by calls made while handling a call.
    @TaskLocal static var deadline: ContinuousClock.Instant?
    /// Set by `withCallTimeout` for the calls made inside it.
    @TaskLocal static var callTimeout: Duration?

    public var identity: NodeIdentity { transport.identity }

    /// Starts the transport's listener and the system actors.
    public static func start(settings: ClusterSystemSettings, faults: FaultInjector = FaultInjector(),
                             logger: Logger = Logger(label: "switchboard.cluster")) async throws -> ClusterSystem {
        let transport = NodeTransport(settings: settings.transport, faults: faults, logger: logger)
        let system = ClusterSystem(transport: transport, settings: settings, logger: logger)
        transport.setReceiver(system)
        do {
            try await transport.start()
        } catch {
            await system.shutdown()
            throw error
        }
        _ = system.makeWellKnown(NodeDiagnostics.path) { NodeDiagnostics(actorSystem: system) }
        if settings.remoteFaultControl {
            _ = system.makeWellKnown(FaultControl.path) { FaultControl(actorSystem: system) }
        }
        return system
    }

    private init(transport: NodeTransport, settings: ClusterSystemSettings, logger: Logger) {
        self.transport = transport
        self.settings = settings
        var logger = logger
        logger[metadataKey: "node"] = "\(transport.identity)"
        self.logger = logger
        // Deadlines fire up to one sweep interval late; 5 ms is far below any call timeout we use.
        let calls = self.calls
        self.deadlineSweep = transport.eventLoopGroup.next().scheduleRepeatedTask(
            initialDelay: .milliseconds(5), delay: .milliseconds(5)) { _ in
            calls.expire(now: .now())
        }
    }

    public func shutdown() async {
        let released = actors.withLock { $0.removeAll() }
        withExtendedLifetime(released) {}
        deadlineSweep.cancel()
        losses.finish()
        await transport.shutdown()
        calls.failEverything(with: .shutDown)
    }

    // MARK: - Public API

    /// Creates an actor at a fixed `path` (e.g. `/system/membership`) that any node
    /// can resolve with `ClusterActorID.wellKnown(path, on:)`. The system keeps it alive.
    public func makeWellKnown<Act: DistributedActor>(_ path: String, _ make: () throws -> Act) rethrows -> Act
    where Act.ActorSystem == ClusterSystem {
        let actor = try Self.$pathForNextActor.withValue((path, ObjectIdentifier(Act.self))) { try make() }
        let replaced = actors.withLock { $0.retain(actor, at: path) }
        withExtendedLifetime(replaced) {}
        return actor
    }

    /// Creates an actor at a chosen `path` that the caller keeps alive, unlike a
    /// well-known one: when the caller lets go of it, the path is free again. For
    /// actors named by what they are, such as sharded entities.
    public func makeActor<Act: DistributedActor>(at path: String, _ make: () throws -> Act) rethrows -> Act
    where Act.ActorSystem == ClusterSystem {
        try Self.$pathForNextActor.withValue((path, ObjectIdentifier(Act.self))) { try make() }
    }

    /// Runs `operation` with `timeout` as the deadline of every remote call it makes.
    public static func withCallTimeout<T>(_ timeout: Duration, _ operation: () async throws -> T) async rethrows -> T {
        try await $callTimeout.withValue(timeout, operation: operation)
    }

    /// Finds or starts the actor at a path no registered actor holds, or answers nil.
    public typealias Activator = @Sendable (_ path: String) async -> (any DistributedActor)?

    /// Lets `activator` start actors that calls name but that are not running yet: a
    /// sharded entity starts with its first call instead of a separate request first.
    public func activateOnDemand(_ activator: @escaping Activator) {
        let box = ActivatorBox(activate: activator)
        self.activator.withLock { $0 = box }
    }

    /// The activator in a box. Kept bare in the `Mutex`, the closure was reabstracted on
    /// every `withLock` that read it, and the inout write-back stored the wrapped closure:
    /// each read added two thunks, so each activation walked two for every read before
    /// it (`OnDemandActivationTests`).
    private final class ActivatorBox: Sendable {
        let activate: Activator

        init(activate: @escaping Activator) {
            self.activate = activate
        }
    }

    /// Allows a type to appear as a generic substitution in calls this node receives.
    public func allowGenericSubstitution<T>(_ type: T.Type) {
        guard let name = _mangledTypeName(type) else { return }
        allowedGenericTypes.withLock { $0[name] = type }
    }

    /// Every connection to a peer that ends or fails from now on, as the transport
    /// reports it; membership uses it to probe that peer at once.
    public func peerLosses() -> AsyncStream<PeerLoss> {
        losses.subscribe()
    }

    /// Calls waiting for a reply, for tests and status pages.
    public var callsInFlight: Int { calls.count }

    // MARK: - DistributedActorSystem

    public func assignID<Act: DistributedActor>(_ actorType: Act.Type) -> ClusterActorID
    where Act.ID == ClusterActorID {
        if let wellKnown = Self.pathForNextActor, wellKnown.type == ObjectIdentifier(Act.self) {
            return ClusterActorID(node: identity, path: wellKnown.path)
        }
        let path = actors.withLock { $0.freshPath(for: "\(Act.self)") }
        return ClusterActorID(node: identity, path: path)
    }

    public func actorReady<Act: DistributedActor>(_ actor: Act) where Act.ID == ClusterActorID {
        actors.withLock { $0.register(actor, at: actor.id.path) }
    }

    public func resignID(_ id: ClusterActorID) {
        actors.withLock { $0.removeIfGone(id.path) }
    }

    public func resolve<Act: DistributedActor>(id: ClusterActorID, as actorType: Act.Type) throws -> Act?
    where Act.ID == ClusterActorID {
        guard isLocal(id) else { return nil }
        guard let actor = actors.withLock({ $0.find(id.path) }) as? Act else {
            throw RemoteCallError.actorNotFound(id)
        }
        return actor
    }

    public func makeInvocationEncoder() -> ClusterInvocationEncoder {
        ClusterInvocationEncoder()
    }

    public func remoteCall<Act, Err, Res>(
        on actor: Act, target: RemoteCallTarget, invocation: inout InvocationEncoder,
        throwing: Err.Type, returning: Res.Type
    ) async throws -> Res where Act: DistributedActor, Act.ID == ActorID, Err: Error, Res: Codable {
        switch try await call(actor.id, target: target, invocation: invocation) {
        case .value(let bytes):
            do {
                return try BinaryDecoder().decode(Res.self, from: bytes)
            } catch {
                throw RemoteCallError.badMessage("cannot decode \(Res.self) returned by \(target.identifier): \(error)")
            }
        case .void:
            throw RemoteCallError.badMessage("\(target.identifier) returned nothing, expected \(Res.self)")
        case let other:
            throw error(for: other, id: actor.id)
        }
    }

    public func remoteCallVoid<Act, Err>(
        on actor: Act, target: RemoteCallTarget, invocation: inout InvocationEncoder, throwing: Err.Type
    ) async throws where Act: DistributedActor, Act.ID == ActorID, Err: Error {
        switch try await call(actor.id, target: target, invocation: invocation) {
        case .void, .value:
            return
        case let other:
            throw error(for: other, id: actor.id)
        }
    }

    // MARK: - Outgoing calls

    private func isLocal(_ id: ClusterActorID) -> Bool {
        id.node.address == identity.address && (id.node.generation == 0 || id.node.generation == identity.generation)
    }

    private func call(_ id: ClusterActorID, target: RemoteCallTarget,
                      invocation: ClusterInvocationEncoder) async throws -> ReplyEnvelope.Outcome {
        let timeout = effectiveTimeout()
        guard timeout > .zero else { throw RemoteCallError.timeout(target: target.identifier, actor: id, after: .zero) }
        let callID = calls.makeID()
        let envelope = Envelope.call(CallEnvelope(
            callID: callID, targetGeneration: id.node.generation,
            timeoutMicroseconds: UInt64(timeout.microseconds), path: id.path, target: target.identifier,
            genericSubstitutions: invocation.genericSubstitutions, arguments: invocation.arguments))
        let bytes = ByteBuffer(bytes: envelope.encoded())
        let peer = id.node.address
        let targetName = target.identifier

        let pending = { (continuation: CheckedContinuation<ReplyEnvelope.Outcome, any Error>) in
            CallTable.Pending(continuation: continuation, peer: peer, target: targetName, actor: id, timeout: timeout)
        }
        let deadline = NIODeadline.now() + TimeAmount.microseconds(timeout.microseconds)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                calls.register(callID, pending(continuation), deadline: deadline)
                // A task cancelled before the call was registered ran its cancellation
                // handler already, and found nothing to cancel.
                guard !Task.isCancelled else {
                    calls.complete(callID, with: .failure(RemoteCallError.cancelled))
                    return
                }
                do throws(TransportError) {
                    try transport.send(bytes, to: peer)
                } catch {
                    calls.complete(callID, with: .failure(RemoteCallError(sending: error, to: peer)))
                }
            }
        } onCancel: {
            calls.complete(callID, with: .failure(RemoteCallError.cancelled))
        }
    }

    /// The per-call override or the default, shortened to the deadline of the call being handled.
    private func effectiveTimeout() -> Duration {
        let own = Self.callTimeout ?? settings.defaultCallTimeout
        guard let inherited = Self.deadline else { return own }
        return min(own, ContinuousClock.now.duration(to: inherited))
    }

    private func error(for outcome: ReplyEnvelope.Outcome, id: ClusterActorID) -> RemoteCallError {
        switch outcome {
        case .thrown(let typeName, let message): .remote(typeName: typeName, message: message)
        case .actorNotFound: .actorNotFound(id)
        case .deadlineExceeded: .deadlineExceededBeforeStart(id)
        case .badCall(let why): .badMessage(why)
        case .overloaded: .overloaded(id)
        case .value, .void: .badMessage("unexpected reply")
        }
    }

    // MARK: - TransportReceiver

    public func transport(received payload: ByteBuffer, from peer: NodeIdentity) {
        let envelope: Envelope
        do {
            envelope = try Envelope(decoding: Array(payload.readableBytesView))
        } catch {
            logger.warning("dropping undecodable message", metadata: ["peer": "\(peer)", "error": "\(error)"])
            return
        }
        switch envelope {
        case .reply(let reply):
            calls.completeReply(reply.callID, from: peer.address, with: reply.outcome)
        case .call(let call):
            handle(call, from: peer)
        }
    }

    public func transport(lost peer: PeerLoss) {
        let failed = calls.failAll(to: peer.address, generation: peer.identity?.generation,
                                   with: .peerUnreachable(node: peer.address, reason: peer.reason.description))
        losses.publish(peer)
        if failed > 0 {
            logger.info("failed calls in flight to a lost peer",
                        metadata: ["peer": "\(peer)", "calls": "\(failed)"])
        }
    }

    // MARK: - Incoming calls

    private func handle(_ call: CallEnvelope, from peer: NodeIdentity) {
        let reply: @Sendable (ReplyEnvelope.Outcome) -> Void = { [transport, logger] outcome in
            let bytes = ByteBuffer(bytes: Envelope.reply(ReplyEnvelope(callID: call.callID, outcome: outcome)).encoded())
            do {
                try transport.send(bytes, to: peer.address)
            } catch {
                logger.warning("cannot send reply", metadata: ["peer": "\(peer)", "error": "\(error)"])
            }
        }
        let registered = actors.withLock { $0.find(call.path) }
        let activator = registered == nil ? activator.withLock { $0 }?.activate : nil
        guard call.targetGeneration == 0 || call.targetGeneration == identity.generation,
              registered != nil || activator != nil else {
            reply(.actorNotFound)
            return
        }
        guard callsInProgress.add(1, ordering: .relaxed).newValue <= settings.maximumCallsInProgress else {
            callsInProgress.subtract(1, ordering: .relaxed)
            reply(.overloaded)
            return
        }
        let deadline = ContinuousClock.now + .microseconds(call.timeoutMicroseconds)
        let decoder = ClusterInvocationDecoder(call: call, allowedTypes: allowedGenericTypes.withLock { $0 })
        Task {
            defer { callsInProgress.subtract(1, ordering: .relaxed) }
            guard ContinuousClock.now < deadline else {
                reply(.deadlineExceeded)
                return
            }
            var target = registered
            if target == nil { target = await activator?(call.path) }
            guard let actor = target else {
                reply(.actorNotFound)
                return
            }
            await Self.$deadline.withValue(deadline) {
                await self.execute(call.target, on: actor, decoder: decoder, reply: reply)
            }
        }
    }

    private func execute<Act: DistributedActor>(_ target: String, on actor: Act, decoder: ClusterInvocationDecoder,
                                                reply: @escaping @Sendable (ReplyEnvelope.Outcome) -> Void) async {
        var decoder = decoder
        do {
            try await executeDistributedTarget(on: actor, target: RemoteCallTarget(target),
                                               invocationDecoder: &decoder, handler: ClusterResultHandler(reply: reply))
        } catch {
            reply(.badCall("\(error)"))
        }
    }
}

extension Duration {
    var microseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
