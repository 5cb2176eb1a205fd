import SeededRandom
import Transport

/// The SWIM failure detector and membership protocol with the Lifeguard
/// refinements, as a value with no I/O, no clock and no randomness of its own
/// (the sans-I/O shape of apple/swift-cluster-membership's `SWIMInstance`).
///
/// The shell feeds it time (`tick`, at least every `settings.tickInterval`),
/// received messages (`receive`) and transport failures (`sendFailed`), and carries
/// out the `SWIMDirective`s each call returns. The instance decides on its own when
/// to probe, when a ping has timed out, when to ask for indirect probes and when a
/// suspicion expires; every timeout is a deadline checked on ticks.
///
/// What it implements (section numbers of the SWIM and Lifeguard papers):
/// - SWIM §4.1 failure detection: one probe per protocol period, direct ping, then
///   `pingReq` through k members, then suspicion;
/// - SWIM §4.2 suspicion and incarnation numbers: a suspected member refutes by
///   gossiping itself alive with a higher incarnation; dead and left are final;
/// - SWIM §4.3 round-robin probe order (`ProbeOrder`);
/// - SWIM §4.4 dissemination piggybacked on every message (`GossipBuffer`);
/// - Lifeguard §4.2 dynamic suspicion timeouts (`SuspicionTimeout`);
/// - Lifeguard §4.3 local health (`LocalHealth`) and nacks from intermediaries.
///
/// Beyond the papers: a node's identity carries a generation; gossip about a higher
/// generation at an address replaces the old member, which is then dead. A node that
/// hears itself declared dead publishes `memberDown` about itself and falls silent:
/// the shell restarts it as a new generation.
public struct SWIMInstance: Sendable {
    public let settings: SWIMSettings

    let myAddress: NodeAddress
    let seeds: [NodeAddress]
    /// Every member this node knows, itself included, dead and left ones until reaped.
    var records: [NodeAddress: MemberRecord]
    /// The keys of `records` in address order: every walk over the view goes through
    /// it, so results never depend on dictionary order and runs replay from a seed.
    var sortedAddresses: [NodeAddress]
    /// Suspected members in address order, checked on every tick.
    var suspects: [NodeAddress] = []
    /// Dead and left members to forget, in the order they became final.
    var removals: [Removal] = []
    /// Alive and suspect members (this node included while it takes part).
    var liveCount = 1
    var random: SplitMix64
    var gossip = GossipBuffer()
    var probeOrder = ProbeOrder()
    /// Members others suspect or the transport lost, to probe next (see `startProbe`).
    var suspicionsToCheck: [NodeAddress] = []
    var health: LocalHealth
    var lastSequence: UInt64 = 0
    var probe: Probe?
    var nextProbeAt: ContinuousClock.Instant?
    var relays: [Relay] = []
    var nextJoinAt: ContinuousClock.Instant?
    var nextSyncAt: ContinuousClock.Instant?
    var started = false
    var outbox: [SWIMDirective] = []

    /// - Parameters:
    ///   - myself: this node's identity, name and region; its state and
    ///     incarnation are ignored — a node starts `joining` at incarnation 0.
    ///   - seeds: addresses to join through. A node whose own address is a seed (or
    ///     that has no other seeds) may form a cluster alone; the others wait for a
    ///     seed to answer.
    ///   - randomSeed: drives probe order, helper choice and the first probe's phase.
    public init(settings: SWIMSettings, myself: SWIMMember, seeds: [NodeAddress], randomSeed: UInt64) {
        self.settings = settings
        myAddress = myself.address
        var seen = Set<NodeAddress>()
        self.seeds = seeds.filter { seen.insert($0).inserted }
        var me = myself
        me.state = .joining
        me.incarnation = 0
        records = [me.address: MemberRecord(member: me)]
        sortedAddresses = [me.address]
        random = SplitMix64(seed: randomSeed)
        health = LocalHealth(maximum: settings.localHealthMax)
    }

    // MARK: - The view

    /// The view, this node included, in address order. Dead and left members stay
    /// for `settings.deadMemberRetention`.
    public var members: [SWIMMember] {
        sortedAddresses.compactMap { records[$0]?.member }
    }

    /// This node as the view holds it.
    public var myself: SWIMMember {
        records[myAddress]!.member
    }

    /// The Lifeguard local health score, 0 (healthy) up to `settings.localHealthMax`.
    public var localHealth: Int { health.score }

    public func member(at address: NodeAddress) -> SWIMMember? {
        records[address]?.member
    }

    /// When a message from the member at `address` (its current identity) last
    /// arrived; nil if none has since it entered the view.
    public func lastHeard(from address: NodeAddress) -> ContinuousClock.Instant? {
        records[address]?.lastHeard
    }

    // MARK: - Driving the instance

    /// Starts the protocol: joins through the seeds and schedules the first probe at
    /// a random point of the first period, so nodes started together do not probe
    /// in lockstep.
    public mutating func start(now: ContinuousClock.Instant) -> [SWIMDirective] {
        guard !started else { return [] }
        started = true
        let others = seeds.filter { $0 != myAddress }
        if others.isEmpty || seeds.contains(myAddress) {
            becomeAlive()
        }
        sendJoin(to: others)
        nextJoinAt = now + settings.joinRetryInterval
        nextProbeAt = now + settings.probeInterval * random.nextUnit()
        nextSyncAt = now + settings.syncInterval * random.nextUnit()
        return drainOutbox()
    }

    /// Advances time: forgets long-dead members, expires suspicions, sends nacks for
    /// indirect probes that went unanswered, runs the probe of the current period and
    /// retries joins.
    public mutating func tick(now: ContinuousClock.Instant) -> [SWIMDirective] {
        guard started, myState != .dead else { return [] }
        reapFinalMembers(now: now)
        if myState != .left {
            expireSuspicions(now: now)
            serviceRelays(now: now)
            serviceProbe(now: now)
            retryJoin(now: now)
            pushView(now: now)
        }
        return drainOutbox()
    }

    /// Handles a message from `sender`, whose identity the transport authenticated.
    public mutating func receive(_ message: SWIMMessage, from sender: NodeIdentity,
                                 now: ContinuousClock.Instant) -> [SWIMDirective] {
        guard started, myState != .dead else { return [] }
        let senderRecord = records[sender.address]
        let fromCurrentIdentity = senderRecord?.member.identity == sender
        if fromCurrentIdentity {
            records[sender.address]?.lastHeard = now
        }
        // A member we hold dead speaks from the past: its gossip is stale. It still
        // gets answers, whose piggyback tells it that it is dead.
        let senderIsDead = fromCurrentIdentity && senderRecord?.member.state == .dead
        let stillListening = myState != .left
        if stillListening && !senderIsDead {
            if case .join(let member, _) = message, !member.state.isFinal, myState != .joining {
                var joiner = member
                joiner.state = .alive
                apply(GossipEntry(member: joiner), now: now)
            }
            let isWholeView: Bool
            switch message {
            case .joinReply, .sync, .syncReply: isWholeView = true
            case .ping, .ack, .pingReq, .nack, .join, .leave: isWholeView = false
            }
            for entry in message.gossip {
                apply(entry, now: now, fromWholeView: isWholeView)
            }
        }
        switch message {
        case .ping(let sequence, _):
            send(.ack(sequence: sequence, target: myself.identity, gossip: piggyback(for: sender.address)),
                 to: sender)
        case .ack(let sequence, let target, _):
            handleAck(sequence: sequence, target: target, now: now)
        case .pingReq(let sequence, let target, _):
            if stillListening {
                relayProbe(sequence: sequence, target: target, origin: sender, now: now)
            }
        case .nack(let sequence, _, _):
            handleNack(sequence: sequence, from: sender, now: now)
        case .join:
            if stillListening && myState != .joining {
                send(.joinReply(view: fullView()), to: sender)
            }
        case .joinReply:
            if myState == .joining {
                becomeAlive()
            }
        case .sync:
            if stillListening && myState != .joining && !senderIsDead {
                send(.syncReply(view: fullView()), to: sender)
            }
        case .syncReply:
            break
        case .leave:
            break
        }
        return drainOutbox()
    }

    /// The transport could not deliver to `peer` at all, or lost its connection to
    /// it (refused, reset): as good as a missed ack, learned early. Call it for a
    /// lost connection too, not only a failed send: the member is then probed in
    /// the next period.
    public mutating func sendFailed(to peer: NodeIdentity, now: ContinuousClock.Instant) -> [SWIMDirective] {
        guard started, myState == .alive else { return drainOutbox() }
        directPingFailed(to: peer, now: now)
        return drainOutbox()
    }

    /// Leaves gracefully: marks this node `left`, tells every live member at once and
    /// leaves the rest to gossip. Afterwards the instance only answers pings (so it
    /// is not suspected while the shell drains) and probes no one.
    public mutating func leave(now: ContinuousClock.Instant) -> [SWIMDirective] {
        guard started, !myState.isFinal else { return [] }
        var me = myself
        me.state = .left
        records[myAddress]?.member = me
        recountLive()
        probe = nil
        relays = []
        gossip.enqueue(GossipEntry(member: me))
        outbox.append(.event(.memberLeft(me)))
        for address in sortedAddresses where address != myAddress {
            if let member = records[address]?.member, member.state.isLive {
                send(.leave(member: me), to: member.identity)
            }
        }
        return drainOutbox()
    }

    // MARK: - Shared helpers

    var myState: MemberState { records[myAddress]!.member.state }

    mutating func drainOutbox() -> [SWIMDirective] {
        defer { outbox.removeAll(keepingCapacity: true) }
        return outbox
    }

    mutating func send(_ message: SWIMMessage, to peer: NodeIdentity) {
        outbox.append(.send(message, to: peer))
    }

    mutating func nextSequence() -> UInt64 {
        lastSequence += 1
        return lastSequence
    }

    /// Gossip for one message to `recipient`. If the view holds the recipient suspect
    /// or dead, that entry goes first whether or not it is still being retransmitted:
    /// a suspect refutes as soon as it hears (memberlist does the same), and a node
    /// we hold dead learns it must restart.
    mutating func piggyback(for recipient: NodeAddress) -> [GossipEntry] {
        let limit = settings.retransmitLimit(members: liveCount)
        var entries = gossip.take(maximum: settings.maxGossipPerMessage, limit: limit)
        if let record = records[recipient], record.member.state == .suspect || record.member.state == .dead,
           !entries.contains(where: { $0.member.address == recipient }) {
            if entries.count == settings.maxGossipPerMessage {
                entries.removeLast()
            }
            entries.insert(record.gossipEntry, at: 0)
        }
        return entries
    }

    /// Every member as an entry: the answer to a join.
    func fullView() -> [GossipEntry] {
        sortedAddresses.compactMap { records[$0]?.gossipEntry }
    }

    mutating func becomeAlive() {
        guard var me = records[myAddress]?.member, me.state == .joining else { return }
        me.state = .alive
        records[myAddress]?.member = me
        gossip.enqueue(GossipEntry(member: me))
        outbox.append(.event(.memberUp(me)))
    }

    mutating func sendJoin(to addresses: [NodeAddress]) {
        var me = myself
        me.state = .alive
        for address in addresses {
            send(.join(member: me, gossip: piggyback(for: address)),
                 to: NodeIdentity(address: address, generation: 0))
        }
    }

    /// Until a seed answers, contact every seed again each `joinRetryInterval`; once
    /// joined, keep contacting seeds absent from the view, so clusters formed
    /// separately by seeds that started apart merge.
    mutating func retryJoin(now: ContinuousClock.Instant) {
        guard let due = nextJoinAt, now >= due else { return }
        nextJoinAt = now + settings.joinRetryInterval
        let targets = seeds.filter { seed in
            seed != myAddress && (myState == .joining || records[seed] == nil)
        }
        sendJoin(to: targets)
    }

    /// Anti-entropy: push the whole view to one random alive member each
    /// `syncInterval`; its `syncReply` brings its view back.
    mutating func pushView(now: ContinuousClock.Instant) {
        guard let due = nextSyncAt, now >= due, myState == .alive else { return }
        nextSyncAt = now + settings.syncInterval
        let peers = sortedAddresses.filter { $0 != myAddress && records[$0]?.member.state == .alive }
        guard !peers.isEmpty, let peer = records[peers[Int(random.next() % UInt64(peers.count))]] else { return }
        send(.sync(view: fullView()), to: peer.member.identity)
    }

    mutating func reapFinalMembers(now: ContinuousClock.Instant) {
        var reaped = 0
        for removal in removals {
            guard removal.due <= now else { break }
            reaped += 1
            let address = removal.identity.address
            guard let member = records[address]?.member, member.identity == removal.identity,
                  member.state.isFinal, address != myAddress else { continue }
            records[address] = nil
            if let index = sortedAddresses.firstIndex(of: address) {
                sortedAddresses.remove(at: index)
            }
        }
        removals.removeFirst(reaped)
    }

    mutating func recountLive() {
        liveCount = records.values.reduce(0) { count, record in
            count + (record.member.state.isLive ? 1 : 0)
        }
    }
}

/// What the instance keeps about one member besides the member itself.
struct MemberRecord: Sendable {
    var member: SWIMMember
    var suspicion: Suspicion?
    var lastHeard: ContinuousClock.Instant?

    /// The member as gossip, naming the original suspector of a suspicion.
    var gossipEntry: GossipEntry {
        GossipEntry(member: member, suspectedBy: member.state == .suspect ? suspicion?.firstSuspector : nil)
    }
}

/// A dead or left member to forget once its retention has passed.
struct Removal: Sendable {
    let due: ContinuousClock.Instant
    let identity: NodeIdentity
}
