import ClusterSystem
import Distributed
import Logging
import Transport

/// The membership shell: the well-known actor at `/system/membership` on every node.
///
/// It carries out what the sans-I/O `SWIMInstance` decides: ticks it, hands it
/// received messages, sends its messages as one-way remote calls, publishes its
/// events, fails the transport's in-flight calls to a member the moment it is
/// declared dead, and applies keep-majority downing.
public distributed actor MembershipService {
    public typealias ActorSystem = ClusterSystem

    public static let path = "/system/membership"

    private var swim: SWIMInstance
    private var downing: KeepMajority
    private var decision: DowningDecision?
    /// When downing first asked for a rejoin in the current stretch of asking.
    private var rejoinAskedSince: ContinuousClock.Instant?
    private let settings: SWIMSettings
    private var ticker: Task<Void, Never>?
    private var lossWatcher: Task<Void, Never>?
    private let events = Broadcast<MembershipEvent>()
    private let decisions = Broadcast<DowningDecision>()
    private let logger: Logger

    /// Creates the service; call `start()` on it (through `whenLocal`) to begin.
    ///
    /// - Parameters:
    ///   - clusterSize: the configured number of nodes, for downing's stability window.
    ///   - agreed: the member set a previous incarnation of this node last agreed on,
    ///     when it restarts after isolation; empty on a fresh start.
    public init(actorSystem: ClusterSystem, settings: SWIMSettings, name: String, region: String,
                seeds: [NodeAddress], clusterSize: Int, agreed: Set<NodeAddress> = [], randomSeed: UInt64,
                logger: Logger) {
        self.actorSystem = actorSystem
        self.settings = settings
        let myself = SWIMMember(identity: actorSystem.identity, name: name, region: region)
        self.swim = SWIMInstance(settings: settings, myself: myself, seeds: seeds, randomSeed: randomSeed)
        self.downing = KeepMajority(stableAfter: KeepMajority.stableAfter(settings: settings, members: clusterSize),
                                    agreed: agreed)
        var logger = logger
        logger[metadataKey: "node"] = "\(name)@\(actorSystem.identity)"
        self.logger = logger
    }

    /// The events of this node's view, from now on.
    public func subscribe() -> AsyncStream<MembershipEvent> {
        events.subscribe()
    }

    /// Every change of the downing decision (serving, isolated, must rejoin), from now on.
    public func downingDecisions() -> AsyncStream<DowningDecision> {
        decisions.subscribe()
    }

    /// The member set this node last agreed on, to carry into a new incarnation.
    public var agreedMembers: Set<NodeAddress> { downing.agreed }

    /// Joins through the seeds and starts the protocol's clock.
    public func start() {
        guard ticker == nil else { return }
        let losses = actorSystem.peerLosses()
        perform(swim.start(now: .now))
        let interval = settings.tickInterval
        // A connection that breaks (a killed process resets it) is a failed probe
        // already: SWIM probes that member next instead of waiting its turn.
        lossWatcher = Task { [self] in
            for await loss in losses {
                if let identity = loss.identity, loss.reason != .shutdown {
                    sendFailed(to: identity)
                }
            }
        }
        // Runs on this actor; `stop()` cancels it.
        ticker = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                tick()
            }
        }
    }

    /// Announces a graceful leave, gives the announcement `grace` to spread, and stops.
    public func leave(grace: Duration) async {
        perform(swim.leave(now: .now))
        try? await Task.sleep(for: grace)
        stop()
    }

    public func stop() {
        ticker?.cancel()
        ticker = nil
        lossWatcher?.cancel()
        lossWatcher = nil
        events.finish()
        decisions.finish()
    }

    // MARK: - Remote surface

    /// A SWIM message from `sender`; one-way (the reply carries nothing).
    public distributed func deliver(_ message: SWIMMessage, from sender: NodeIdentity) {
        perform(swim.receive(message, from: sender, now: .now))
    }

    /// This node's view, for `switchboard ctl members` and tests.
    public distributed func status() -> MembershipStatus {
        let now = ContinuousClock.now
        let me = actorSystem.identity
        let rows = swim.members.map { member in
            MemberStatus(member: member,
                         lastHeardMillisecondsAgo: swim.lastHeard(from: member.address).map { $0.duration(to: now).milliseconds },
                         isSelf: member.identity == me)
        }
        return MembershipStatus(myself: swim.myself, isolated: decision?.isolated ?? true,
                                agreedMembers: downing.agreed.count, localHealth: swim.localHealth, members: rows)
    }

    // MARK: - Carrying out directives

    private func tick() {
        perform(swim.tick(now: .now))
    }

    private func sendFailed(to peer: NodeIdentity) {
        perform(swim.sendFailed(to: peer, now: .now))
    }

    private func perform(_ directives: [SWIMDirective]) {
        for directive in directives {
            switch directive {
            case .send(let message, let peer):
                send(message, to: peer)
            case .event(let event):
                handle(event)
            }
        }
        applyDowning()
    }

    private func send(_ message: SWIMMessage, to peer: NodeIdentity) {
        let system = actorSystem
        let me = system.identity
        let timeout = settings.pingTimeout
        Task { [self] in
            do {
                let remote = try MembershipService.resolve(id: .wellKnown(Self.path, on: peer.address), using: system)
                try await ClusterSystem.withCallTimeout(timeout) {
                    try await remote.deliver(message, from: me)
                }
            } catch RemoteCallError.peerUnreachable {
                sendFailed(to: peer)
            } catch {
                // A timeout is the protocol's business: SWIM notices the missing ack itself.
            }
        }
    }

    private func handle(_ event: MembershipEvent) {
        let member = event.member
        switch event {
        case .memberDown(let down) where down.identity != actorSystem.identity:
            // Calls in flight to a dead member fail now, not at their deadline; a newer
            // incarnation already connected at that address is left alone.
            if let connected = actorSystem.transport.connectedIdentity(of: down.address),
               connected.generation <= down.identity.generation {
                actorSystem.transport.disconnect(down.address, reason: .declaredDead)
            }
            logger.warning("member down", metadata: ["member": "\(member)"])
        case .memberSuspect:
            logger.info("member suspect", metadata: ["member": "\(member)"])
        default:
            logger.info("membership changed", metadata: ["event": "\(event)"])
        }
        events.publish(event)
    }

    private func applyDowning() {
        let now = ContinuousClock.now
        let agreedBefore = downing.agreed
        var next = downing.decide(view: swim.members, myself: actorSystem.identity.address, now: now,
                                  lastHeard: { swim.lastHeard(from: $0) })
        if downing.agreed != agreedBefore {
            // The set every later majority is counted against: an SRE reading a split
            // brain's aftermath needs each step, not just the last.
            logger.notice("agreed member set changed", metadata: [
                "agreed": "\(downing.agreed.sorted().map(\.description).joined(separator: " "))",
                "was": "\(agreedBefore.count)",
                "view": "\(swim.members.map { "\($0.name)=\($0.state)#\($0.identity.generation)" }.joined(separator: " "))",
            ])
        }
        // A node declared dead must go at once. Otherwise the rejoin waits until the
        // isolation has lasted a stability window: a brief false suspicion on the
        // majority side while the minority is dead must not restart a majority node.
        if next.rejoinRequired && swim.myself.state != .dead {
            let since = rejoinAskedSince ?? now
            rejoinAskedSince = since
            next.rejoinRequired = now - since >= downing.stableAfter
        } else if !next.rejoinRequired {
            rejoinAskedSince = nil
        }
        guard next != decision else { return }
        let wasIsolated = decision?.isolated
        decision = next
        if next.isolated != wasIsolated {
            switch (next.isolated, wasIsolated, swim.myself.state) {
            case (true, false?, .alive), (true, false?, .suspect):
                logger.error("isolated: not serving", metadata: ["downing": "\(next)"])
            case (true, _, let state):
                logger.notice("not serving", metadata: ["state": "\(state)", "downing": "\(next)"])
            case (false, _, _):
                logger.notice("serving", metadata: ["downing": "\(next)"])
            }
        }
        decisions.publish(next)
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
