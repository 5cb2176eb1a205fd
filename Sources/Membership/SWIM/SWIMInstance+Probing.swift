import Transport

/// The probe of one protocol period (SWIM §4.1): ping the target; on timeout ask k
/// members to ping it; if no ack arrives by the end of the period, suspect it.
struct Probe: Sendable {
    let target: NodeIdentity
    let sequence: UInt64
    let directDeadline: ContinuousClock.Instant
    /// End of the period; pushed back when indirect probes go out late (a late tick
    /// must not cut the indirect round short and blame the target for our delay).
    var periodEnd: ContinuousClock.Instant
    var directFailed = false
    var indirectSent = false
    /// Intermediaries asked to ping the target, each expected to ack or nack.
    var helpers: [NodeIdentity] = []
    var nackedBy: Set<NodeIdentity> = []

    /// Every path has reported failure: the transport refused the direct ping and
    /// every intermediary nacked, so waiting for the period's end teaches nothing.
    var allPathsFailed: Bool {
        directFailed && indirectSent && helpers.allSatisfy { nackedBy.contains($0) }
    }
}

/// A ping this node sends for another member's `pingReq` (SWIM §4.1), whose ack it
/// relays — or, Lifeguard §4.3, whose silence it reports with a nack.
struct Relay: Sendable {
    let sequence: UInt64
    let origin: NodeIdentity
    let originSequence: UInt64
    let target: NodeIdentity
    let nackDue: ContinuousClock.Instant
    let expires: ContinuousClock.Instant
    var nacked = false
}

extension SWIMInstance {
    /// The indirect round's share of the period: `probeInterval − pingTimeout`.
    var indirectWindow: Duration { settings.probeInterval - settings.pingTimeout }

    /// An intermediary nacks after 80% of the indirect window (Lifeguard §4.3), so
    /// its nack still reaches the requester before the period ends.
    var nackDelay: Duration { indirectWindow * 0.8 }

    mutating func serviceProbe(now: ContinuousClock.Instant) {
        if let current = probe {
            if !current.indirectSent && now >= current.directDeadline {
                sendIndirectProbes(now: now)
            }
            if let current = probe, now >= current.periodEnd {
                finishProbe(now: now)
            }
        }
        if probe == nil, myState == .alive, let due = nextProbeAt, now >= due {
            startProbe(now: now)
        }
    }

    /// Starts a period: ping the next member in round-robin order. Lifeguard §4.3:
    /// the period and the ping timeout are stretched by the local health multiplier.
    ///
    /// A member that others suspect, or whose connection the transport reported
    /// lost, goes first: this node's own probe either
    /// confirms the suspicion independently (Lifeguard §4.2), so a dead member's
    /// timeout shrinks within a period or two instead of waiting for round-robin
    /// order to reach it, or carries the suspicion to the suspect, which refutes.
    /// It costs no extra message: the period's round-robin target waits one period.
    private mutating func startProbe(now: ContinuousClock.Instant) {
        let view = records
        let addresses = sortedAddresses
        let me = myAddress
        var next: NodeAddress?
        while next == nil, !suspicionsToCheck.isEmpty {
            let address = suspicionsToCheck.removeFirst()
            if records[address]?.member.state.isLive == true {
                next = address
            }
        }
        next = next ?? probeOrder.next(
            candidates: { addresses.filter { $0 != me && view[$0]?.member.state.isLive == true } },
            isEligible: { $0 != me && view[$0]?.member.state.isLive == true },
            using: &random
        )
        let multiplier = health.multiplier
        nextProbeAt = now + settings.probeInterval * multiplier
        guard let address = next, let target = records[address]?.member.identity else { return }
        let sequence = nextSequence()
        probe = Probe(target: target, sequence: sequence,
                      directDeadline: now + settings.pingTimeout * multiplier,
                      periodEnd: now + settings.probeInterval * multiplier)
        send(.ping(sequence: sequence, gossip: piggyback(for: address)), to: target)
    }

    /// SWIM §4.1: ask k randomly chosen live members to ping the target for us.
    private mutating func sendIndirectProbes(now: ContinuousClock.Instant) {
        guard var current = probe else { return }
        current.indirectSent = true
        current.periodEnd = max(current.periodEnd, now + indirectWindow * health.multiplier)
        var candidates = sortedAddresses.filter { address in
            address != myAddress && address != current.target.address
                && records[address]?.member.state == .alive
        }
        var helpers: [NodeIdentity] = []
        while helpers.count < settings.indirectProbeCount, !candidates.isEmpty {
            let index = Int(random.next() % UInt64(candidates.count))
            if let identity = records[candidates.remove(at: index)]?.member.identity {
                helpers.append(identity)
            }
        }
        current.helpers = helpers
        probe = current
        for helper in helpers {
            send(.pingReq(sequence: current.sequence, target: current.target,
                          gossip: piggyback(for: helper.address)),
                 to: helper)
        }
    }

    /// Ends the period without an ack: adjust local health (Lifeguard §4.3), then
    /// suspect the target or confirm an existing suspicion of it.
    private mutating func finishProbe(now: ContinuousClock.Instant) {
        guard let failed = probe else { return }
        probe = nil
        if failed.helpers.isEmpty {
            health.probeFailedUnverified()
        } else {
            health.nacksMissed(failed.helpers.count - failed.helpers.filter(failed.nackedBy.contains).count)
        }
        guard let record = records[failed.target.address], record.member.identity == failed.target else { return }
        switch record.member.state {
        case .alive:
            suspect(failed.target.address, incarnation: record.member.incarnation, suspector: myAddress, now: now)
        case .suspect:
            confirmSuspicion(of: failed.target.address, by: myAddress)
        case .joining, .dead, .left:
            break
        }
    }

    mutating func handleAck(sequence: UInt64, target: NodeIdentity, now: ContinuousClock.Instant) {
        if let index = relays.firstIndex(where: { $0.sequence == sequence && $0.target == target }) {
            let relay = relays.remove(at: index)
            send(.ack(sequence: relay.originSequence, target: target, gossip: piggyback(for: relay.origin.address)),
                 to: relay.origin)
            return
        }
        guard let current = probe, current.sequence == sequence, current.target == target else { return }
        probe = nil
        health.probeSucceeded()
    }

    mutating func handleNack(sequence: UInt64, from sender: NodeIdentity, now: ContinuousClock.Instant) {
        guard var current = probe, current.sequence == sequence, current.helpers.contains(sender) else { return }
        current.nackedBy.insert(sender)
        probe = current
        if current.allPathsFailed {
            finishProbe(now: now)
        }
    }

    /// Pings `target` on behalf of `origin`'s probe.
    mutating func relayProbe(sequence: UInt64, target: NodeIdentity, origin: NodeIdentity,
                             now: ContinuousClock.Instant) {
        if target == myself.identity {
            send(.ack(sequence: sequence, target: target, gossip: piggyback(for: origin.address)), to: origin)
            return
        }
        let relaySequence = nextSequence()
        relays.append(Relay(sequence: relaySequence, origin: origin, originSequence: sequence, target: target,
                            nackDue: now + nackDelay, expires: now + settings.probeInterval))
        send(.ping(sequence: relaySequence, gossip: piggyback(for: target.address)), to: target)
    }

    /// Sends nacks for relayed pings still unanswered, and forgets expired ones.
    mutating func serviceRelays(now: ContinuousClock.Instant) {
        for index in relays.indices where !relays[index].nacked && now >= relays[index].nackDue {
            relays[index].nacked = true
            sendNack(for: relays[index])
        }
        relays.removeAll { now >= $0.expires }
    }

    private mutating func sendNack(for relay: Relay) {
        send(.nack(sequence: relay.originSequence, target: relay.target,
                   gossip: piggyback(for: relay.origin.address)),
             to: relay.origin)
    }

    /// The transport refused a send to `peer` or lost its connection: if it was this
    /// period's target, go indirect at once; if it was an intermediary, expect no
    /// nack from it; if it was the target of a relayed ping, nack at once. Any other
    /// live member is probed next period rather than when round-robin order reaches
    /// it: a killed process's peers see its connections close at once, and this
    /// turns that into a suspicion within one period.
    mutating func directPingFailed(to peer: NodeIdentity, now: ContinuousClock.Instant) {
        if probe?.target != peer, records[peer.address]?.member.identity == peer,
           records[peer.address]?.member.state == .alive, !suspicionsToCheck.contains(peer.address) {
            suspicionsToCheck.append(peer.address)
        }
        if var current = probe {
            if current.target == peer {
                current.directFailed = true
                probe = current
                if !current.indirectSent {
                    sendIndirectProbes(now: now)
                }
            } else if let index = current.helpers.firstIndex(of: peer) {
                current.helpers.remove(at: index)
                probe = current
            }
            if let current = probe, current.allPathsFailed {
                finishProbe(now: now)
            }
        }
        for index in relays.indices where relays[index].target == peer && !relays[index].nacked {
            relays[index].nacked = true
            sendNack(for: relays[index])
        }
    }
}
