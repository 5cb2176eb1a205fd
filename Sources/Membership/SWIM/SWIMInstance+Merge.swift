import Transport

/// Applying gossip to the view: SWIM §4.2's precedence rules, extended with
/// generations and the `left` state.
///
/// For one address, in order:
/// 1. a lower generation is stale and ignored; a higher one replaces the member,
///    whose old process is then dead;
/// 2. within a generation, `dead` and `left` are final: nothing overrides them, and
///    they override everything;
/// 3. `suspect` at incarnation i overrides `alive` at i or lower and `suspect` below i;
///    the same suspicion from another suspector is an independent confirmation
///    (Lifeguard §4.2);
/// 4. `alive` at incarnation i overrides `alive` and `suspect` below i.
///
/// Every change is queued for re-dissemination, and published as an event.
extension SWIMInstance {
    /// - Parameter fromWholeView: the entry comes from a whole view (`joinReply`,
    ///   `sync`): a dead or left member this node does not know is skipped rather
    ///   than remembered, or members forgotten at different times would bounce
    ///   between views for ever.
    mutating func apply(_ entry: GossipEntry, now: ContinuousClock.Instant, fromWholeView: Bool = false) {
        var incoming = entry.member
        if incoming.state == .joining {
            incoming.state = .alive
        }
        let address = incoming.address
        if address == myAddress {
            applyAboutMyself(incoming)
            return
        }
        guard let current = records[address]?.member else {
            if fromWholeView && incoming.state.isFinal { return }
            admit(incoming, suspectedBy: entry.suspectedBy, now: now)
            return
        }
        let (newGeneration, oldGeneration) = (incoming.identity.generation, current.identity.generation)
        if newGeneration < oldGeneration || current.state.isFinal && newGeneration == oldGeneration {
            return
        }
        if newGeneration > oldGeneration {
            if current.state.isLive {
                finalize(address, as: .dead, now: now)
            }
            admit(incoming, suspectedBy: entry.suspectedBy, now: now)
            return
        }
        switch incoming.state {
        case .dead, .left:
            finalize(address, as: incoming.state, incarnation: max(incoming.incarnation, current.incarnation), now: now)
        case .suspect:
            if incoming.incarnation > current.incarnation
                || incoming.incarnation == current.incarnation && current.state == .alive {
                suspect(address, incarnation: incoming.incarnation, suspector: entry.suspectedBy, now: now)
            } else if incoming.incarnation == current.incarnation, let suspector = entry.suspectedBy {
                confirmSuspicion(of: address, by: suspector)
            }
        case .alive, .joining:
            if incoming.incarnation > current.incarnation {
                markAlive(address, incarnation: incoming.incarnation)
            }
        }
    }

    /// Gossip about this node: refute a suspicion (SWIM §4.2), or learn that the
    /// cluster has declared this identity dead or replaced it.
    private mutating func applyAboutMyself(_ incoming: SWIMMember) {
        var me = myself
        guard !me.state.isFinal, incoming.identity.generation >= me.identity.generation else { return }
        if incoming.identity.generation > me.identity.generation || incoming.state == .dead {
            me.state = .dead
            records[myAddress]?.member = me
            recountLive()
            probe = nil
            relays = []
            outbox.append(.event(.memberDown(me)))
            return
        }
        guard incoming.state == .suspect, incoming.incarnation >= me.incarnation else { return }
        me.incarnation = incoming.incarnation + 1
        records[myAddress]?.member = me
        gossip.enqueue(GossipEntry(member: me))
        health.refutedSuspicion()
    }

    /// A member new to the view, or a new generation at a known address.
    private mutating func admit(_ member: SWIMMember, suspectedBy: NodeAddress?, now: ContinuousClock.Instant) {
        let address = member.address
        if records[address] == nil {
            let slot = insertionIndex(of: address)
            sortedAddresses.insert(address, at: slot)
        }
        records[address] = MemberRecord(member: member)
        guard member.state.isLive else {
            // Known only as dead or left: kept so stale gossip cannot revive it, but
            // it was never up in this view, so there is nothing to publish or relay.
            removals.append(Removal(due: now + settings.deadMemberRetention, identity: member.identity))
            return
        }
        var up = member
        up.state = .alive
        records[address]?.member = up
        recountLive()
        probeOrder.insert(address, using: &random)
        outbox.append(.event(.memberUp(up)))
        if member.state == .suspect {
            suspect(address, incarnation: member.incarnation, suspector: suspectedBy, now: now)
        } else {
            gossip.enqueue(GossipEntry(member: up))
        }
    }

    mutating func suspect(_ address: NodeAddress, incarnation: UInt64, suspector: NodeAddress?,
                          now: ContinuousClock.Instant) {
        guard var record = records[address] else { return }
        let wasSuspect = record.member.state == .suspect
        record.member.state = .suspect
        record.member.incarnation = incarnation
        record.suspicion = Suspicion(incarnation: incarnation, start: now,
                                     timeout: SuspicionTimeout(settings: settings, members: liveCount),
                                     suspector: suspector)
        records[address] = record
        if !wasSuspect {
            suspects.insert(address, at: insertionIndex(of: address, in: suspects))
            outbox.append(.event(.memberSuspect(record.member)))
        }
        if suspector != myAddress && !suspicionsToCheck.contains(address) {
            suspicionsToCheck.append(address)
        }
        gossip.enqueue(record.gossipEntry)
    }

    mutating func confirmSuspicion(of address: NodeAddress, by suspector: NodeAddress) {
        guard var record = records[address], record.member.state == .suspect,
              var suspicion = record.suspicion, suspicion.confirm(by: suspector) else { return }
        record.suspicion = suspicion
        records[address] = record
        gossip.enqueue(GossipEntry(member: record.member, suspectedBy: suspector))
    }

    private mutating func markAlive(_ address: NodeAddress, incarnation: UInt64) {
        guard var record = records[address] else { return }
        let wasSuspect = record.member.state == .suspect
        record.member.state = .alive
        record.member.incarnation = incarnation
        record.suspicion = nil
        records[address] = record
        if wasSuspect {
            removeSuspect(address)
            outbox.append(.event(.memberReachable(record.member)))
        }
        gossip.enqueue(GossipEntry(member: record.member))
    }

    /// Marks a member dead or left: final for its identity.
    mutating func finalize(_ address: NodeAddress, as state: MemberState, incarnation: UInt64? = nil,
                           now: ContinuousClock.Instant) {
        guard var record = records[address], !record.member.state.isFinal else { return }
        record.member.state = state
        record.member.incarnation = incarnation ?? record.member.incarnation
        record.suspicion = nil
        records[address] = record
        removeSuspect(address)
        recountLive()
        removals.append(Removal(due: now + settings.deadMemberRetention, identity: record.member.identity))
        gossip.enqueue(GossipEntry(member: record.member))
        outbox.append(.event(state == .left ? .memberLeft(record.member) : .memberDown(record.member)))
    }

    /// SWIM §4.2: a suspicion nobody refuted in time becomes a death.
    mutating func expireSuspicions(now: ContinuousClock.Instant) {
        for address in suspects {
            if let deadline = records[address]?.suspicion?.deadline, deadline <= now {
                finalize(address, as: .dead, now: now)
            }
        }
    }

    private mutating func removeSuspect(_ address: NodeAddress) {
        if let index = suspects.firstIndex(of: address) {
            suspects.remove(at: index)
        }
    }

    private func insertionIndex(of address: NodeAddress, in sorted: [NodeAddress]? = nil) -> Int {
        let list = sorted ?? sortedAddresses
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < address {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
