/// Agents: joining, status, and the two halves of every decision — an agent for a contact,
/// a contact for a freed agent.
extension RoutingEngine {
    mutating func addAgent(_ agent: Agent, status: AgentStatus, now: Double, explain: Bool, into directives: inout [RoutingDirective]) throws(RoutingError) {
        guard agentSlots[agent.id] == nil else { throw .duplicateAgent(agent.id) }
        let slot = agents.count
        var memberships: [TargetMembership] = []
        for target in targets.indices where targets[target].admits(agent) {
            let requirements = queues[Int(targets[target].queueSlot)].queue.requirements
            let proficiency = requirements.map { agent.proficiency(in: $0.skill) }.min() ?? 0
            memberships.append(TargetMembership(target: Int32(target), proficiency: proficiency))
        }
        let pools = poolMemberships(of: agent)
        for membership in pools {
            poolMembers[Int(membership.pool)].append(Int32(slot))
            for channel in Self.channels where agent.capacity[channel] > 0 {
                agentIndexes[Int(membership.pool) * Self.lanes + channel.index].members += 1
            }
        }
        agents.append(AgentRecord(agent: agent, status: status, idleSince: now, memberships: memberships, pools: pools,
                                  counters: AgentCounters(at: now)))
        agentVersions.append(0)
        agentOrderVersions.append(0)
        agentTurnVersions.append(0)
        agentRoom.append(0)
        refreshRoom(agentSlot: slot)
        agentSlots[agent.id] = Int32(slot)
        serveFreedAgent(slot, now: now, explain: explain, into: &directives)
    }

    mutating func removeAgent(_ id: AgentID, now: Double) throws(RoutingError) {
        let slot = try agentSlot(of: id)
        guard agents[slot].held == 0 else { throw .agentHoldsContacts(id, count: agents[slot].held) }
        agents[slot].book(until: now)
        for membership in agents[slot].pools {
            for channel in Self.channels where agents[slot].agent.capacity[channel] > 0 {
                agentIndexes[Int(membership.pool) * Self.lanes + channel.index].members -= 1
            }
        }
        agents[slot].removed = true
        setStatus(agentSlot: slot, .offline)
        invalidateEntries(ofAgent: slot)
        // Their round-robin entries go stale too, so that sweeps drop them.
        agentTurnVersions[slot] &+= 1
        agentSlots[id] = nil
    }

    mutating func changeStatus(of id: AgentID, to status: AgentStatus, now: Double, explain: Bool, into directives: inout [RoutingDirective]) throws(RoutingError) {
        let slot = try agentSlot(of: id)
        agents[slot].book(until: now)
        let wasAvailable = agents[slot].status == .available
        setStatus(agentSlot: slot, status)
        if status == .available {
            agents[slot].consecutiveMisses = 0
            if !wasAvailable { agents[slot].idleSince = now }
        }
        serveFreedAgent(slot, now: now, explain: explain, into: &directives)
    }

    /// Sets the agent's status, keeping `agentRoom` in step.
    mutating func setStatus(agentSlot slot: Int, _ status: AgentStatus) {
        agents[slot].status = status
        refreshRoom(agentSlot: slot)
    }

    /// Sets `agentRoom` from the agent's record, after a change of their status or load.
    mutating func refreshRoom(agentSlot slot: Int) {
        let open = agents[slot].status == .available && !agents[slot].removed
        let room = agents[slot].used .< agents[slot].agent.capacity.lanes
        var lanes: UInt8 = 0
        for lane in 0..<Self.lanes where open && room[lane] { lanes |= 1 << lane }
        agentRoom[slot] = lanes
    }

    /// An agent may have room: while they are available and have room on a channel, give
    /// them the best-ranked contact waiting in any ring they serve on that channel; then index
    /// whatever room is left. O(m) peeks for the m rings the agent serves, O(log n) per offer.
    mutating func serveFreedAgent(_ slot: Int, now: Double, explain: Bool, into directives: inout [RoutingDirective]) {
        guard agents[slot].status == .available, !agents[slot].removed else {
            invalidateEntries(ofAgent: slot)
            return
        }
        for channel in Self.channels where agents[slot].agent.capacity[channel] > 0 {
            while agents[slot].hasRoom(on: channel), let best = bestWaitingContact(forAgent: slot, channel: channel) {
                let explanation = explain ? explainContactChoice(agentSlot: slot, channel: channel) : nil
                contactIndexes[best.position].dropHead()
                let contact = Int(best.entry.slot)
                unindex(contactSlot: contact)
                offer(contactSlot: contact, agentSlot: slot, target: best.position / Self.lanes, now: now,
                      explanation: explanation, into: &directives)
            }
        }
        reindex(agentSlot: slot)
    }

    /// The best-ranked current head among the contact indexes of the agent's rings on `channel`.
    mutating func bestWaitingContact(forAgent slot: Int, channel: Channel) -> (entry: ContactEntry, position: Int)? {
        guard indexedOnChannel[channel.index] > 0 else { return nil }
        // The versions are read through a buffer: a local copy of the array would be
        // retained and released on every call.
        return contactVersions.withUnsafeBufferPointer { versions in
            var best: (entry: ContactEntry, position: Int)?
            for member in agents[slot].memberships.indices {
                let target = Int(agents[slot].memberships[member].target)
                let bound = boundPosition(target: target, channel: channel)
                // An index whose bound cannot beat the best head found needs no visit; on a
                // tie of ranks the sequence decides, which only the visit can tell.
                if let found = best, contactBoundRanks[bound] > found.entry.rank { continue }
                let position = target * Self.lanes + channel.index
                guard contactIndexes[position].live > 0,
                      let head = contactIndexes[position].head(isCurrent: { versions[Int($0.slot)] == $0.version })
                else {
                    contactBoundRanks[bound] = .infinity
                    continue
                }
                // Exact until a contact is added ahead of it; taking it only raises the least rank.
                contactBoundRanks[bound] = head.rank
                if best.map({ head < $0.entry }) ?? true { best = (head, position) }
            }
            return best
        }
    }

    /// Makes every index entry of the agent stale.
    mutating func invalidateEntries(ofAgent slot: Int) {
        agentVersions[slot] &+= 1
        agentOrderVersions[slot] &+= 1
    }

    /// Places a contact the agent has just let go (rejected, timed out, transferred) while the
    /// agent is withheld from every index, so that it goes to another agent if one can take
    /// it; then the agent, their room restored, takes their next contact.
    mutating func placeLetGo(byAgent slot: Int, now: Double, explain: Bool, into directives: inout [RoutingDirective],
                             _ place: (inout RoutingEngine, inout [RoutingDirective]) -> Void) {
        invalidateEntries(ofAgent: slot)
        // Round-robin entries outlive the versions above; they are taken only with room.
        agentRoom[slot] = 0
        place(&self, &directives)
        refreshRoom(agentSlot: slot)
        serveFreedAgent(slot, now: now, explain: explain, into: &directives)
    }

    /// Re-enters an agent into the index of every pool they are in, on every channel with
    /// room, under fresh keys; earlier entries go stale. Round-robin pools are entered only
    /// where the agent's entry has gone (`agentTurnVersions`).
    mutating func reindex(agentSlot slot: Int) {
        invalidateEntries(ofAgent: slot)
        // Fields are read one by one: the record's computed properties copied the whole
        // record (retaining its arrays) on this, the hottest path.
        let used = agents[slot].used
        let capacity = agents[slot].agent.capacity.lanes
        guard agents[slot].status == .available, !agents[slot].removed, any(used .< capacity) else { return }
        let keys = entryKeys(ofAgent: slot, capacity: capacity)
        for channel in Self.channels where used[channel.index] < capacity[channel.index] {
            // By index: a local copy of the array would be retained and released per call.
            for member in agents[slot].pools.indices where !agents[slot].pools[member].hasEntry(on: channel) {
                enter(agentSlot: slot, membershipIndex: member, channel: channel, keys: keys)
            }
        }
    }

    /// Re-enters an agent just offered a contact on `offered` from `pool`'s index: into that
    /// pool, into the pools ordered by load, whose key the offer changed (`offer` has made
    /// those entries stale), and into round-robin pools where their entry has gone (a ring
    /// that chose them gave them a new turn). Their other entries stay current
    /// (`agentOrderVersions`) while the offer left them room on its channel; if it did not,
    /// every entry goes (`reindex`).
    mutating func reindexAfterOffer(agentSlot slot: Int, channel offered: Channel, pool: Int32) {
        let used = agents[slot].used
        let capacity = agents[slot].agent.capacity.lanes
        guard used[offered.index] < capacity[offered.index] else { return reindex(agentSlot: slot) }
        let keys = entryKeys(ofAgent: slot, capacity: capacity)
        for channel in Self.channels where used[channel.index] < capacity[channel.index] {
            for member in agents[slot].pools.indices {
                let membership = agents[slot].pools[member]
                let stale = switch membership.ordering {
                case .turn: !membership.hasEntry(on: channel)
                case .load: true
                case .idle: membership.pool == pool && channel == offered
                }
                guard stale else { continue }
                enter(agentSlot: slot, membershipIndex: member, channel: channel, keys: keys)
            }
        }
    }

    /// What orders an agent in their pools now, apart from a round-robin ring's turn.
    struct EntryKeys {
        var idleSince: Double
        var load: Double
    }

    func entryKeys(ofAgent slot: Int, capacity: SIMD8<UInt8>) -> EntryKeys {
        EntryKeys(idleSince: agents[slot].idleSince,
                  load: AgentRecord.load(held: agents[slot].held, capacity: capacity))
    }

    /// The agent's entry, under their current keys and version, for a pool they are in.
    /// Mutating, though it changes nothing: a non-mutating method called from `enter` was
    /// handed a copy of the whole engine (416 bytes) on every insertion.
    private mutating func entry(ofAgent slot: Int, in membership: PoolMembership, keys: EntryKeys) -> AgentEntry {
        switch membership.ordering {
        case .idle:
            AgentEntry(major: keys.idleSince, minor: 0, slot: Int32(slot), version: agentOrderVersions[slot])
        case .load:
            AgentEntry(major: keys.load, minor: keys.idleSince, slot: Int32(slot), version: agentVersions[slot])
        case .turn:
            AgentEntry(major: Double(membership.turn), minor: 0, slot: Int32(slot), version: agentTurnVersions[slot])
        }
    }

    /// Enters the agent into the index on `channel` of the pool `agents[slot].pools[member]`,
    /// if that index has been asked for an agent yet.
    private mutating func enter(agentSlot slot: Int, membershipIndex member: Int, channel: Channel, keys: EntryKeys) {
        let membership = agents[slot].pools[member]
        guard isLaneOpen(pool: Int(membership.pool), channel: channel) else { return }
        let position = Int(membership.pool) * Self.lanes + channel.index
        if membership.ordering == .turn { agents[slot].pools[member].entered |= 1 << channel.index }
        let entry = entry(ofAgent: slot, in: membership, keys: keys)
        agentIndexes[position].insert(entry, proficiency: membership.bucket)
        if agentIndexes[position].needsSweep { sweepAgentIndex(at: position) }
    }

    /// Whether the pool's index on `channel` has been asked for an agent, and so is kept.
    func isLaneOpen(pool: Int, channel: Channel) -> Bool {
        openLanes[pool] & (1 << channel.index) != 0
    }

    /// Fills the agent index at `position`, which has not been asked before, with the
    /// pool's members who may take an offer on its channel now: the entries they would
    /// have had, had they been entered all along. Once per index: O(m · (p + log m)) for the
    /// m agents ever added to the pool, each found among their p pools.
    mutating func openLane(at position: Int) {
        let pool = position / Self.lanes
        let lane = UInt8(1) << (position % Self.lanes)
        openLanes[pool] |= lane
        var entries: [(entry: AgentEntry, bucket: UInt8)] = []
        for member in poolMembers[pool] where agentRoom[Int(member)] & lane != 0 {
            let slot = Int(member)
            guard let index = membershipIndex(ofAgent: slot, in: Int32(pool)) else { continue }
            let membership = agents[slot].pools[index]
            if membership.ordering == .turn { agents[slot].pools[index].entered |= lane }
            let keys = entryKeys(ofAgent: slot, capacity: agents[slot].agent.capacity.lanes)
            entries.append((entry(ofAgent: slot, in: membership, keys: keys), membership.bucket))
        }
        // In key order, so that they join each bucket's sorted run rather than its heap.
        entries.sort { $0.entry < $1.entry }
        for (entry, bucket) in entries { agentIndexes[position].insert(entry, proficiency: bucket) }
    }

    /// Sweeps a few stale entries out of the agent index at `position`. A round-robin entry
    /// whose agent is busy is kept: it is theirs for when they are freed.
    mutating func sweepAgentIndex(at position: Int) {
        // The versions are read through a buffer: a local copy of the array would be
        // retained and released on every call.
        func sweep(_ index: inout AgentIndex, _ versions: UnsafeBufferPointer<UInt32>) {
            index.sweep(steps: Self.sweepSteps) { versions[Int($0.slot)] == $0.version }
        }
        switch agentPools[position / Self.lanes].key.ordering {
        case .idle: agentOrderVersions.withUnsafeBufferPointer { sweep(&agentIndexes[position], $0) }
        case .load: agentVersions.withUnsafeBufferPointer { sweep(&agentIndexes[position], $0) }
        case .turn: agentTurnVersions.withUnsafeBufferPointer { sweep(&agentIndexes[position], $0) }
        }
    }

    /// Runs `body` on the agent index at `position` with the test of an entry that may be
    /// taken now; the index drops the others it meets at a head. Among those, a round-robin
    /// entry whose agent is busy was still theirs: the agent's membership learns it has gone,
    /// so that they re-enter when freed. The versions are read through a buffer: a local copy
    /// of the array would be retained and released on every call.
    mutating func withAgentIndex<Result>(at position: Int, _ body: (inout AgentIndex, (AgentEntry) -> Bool) -> Result) -> Result {
        let pool = position / Self.lanes
        switch agentPools[pool].key.ordering {
        case .idle:
            return agentOrderVersions.withUnsafeBufferPointer { versions in
                body(&agentIndexes[position]) { versions[Int($0.slot)] == $0.version }
            }
        case .load:
            return agentVersions.withUnsafeBufferPointer { versions in
                body(&agentIndexes[position]) { versions[Int($0.slot)] == $0.version }
            }
        case .turn:
            let lane = UInt8(1) << (position % Self.lanes)
            var gone: [Int32] = []
            let result = agentTurnVersions.withUnsafeBufferPointer { versions in
                agentRoom.withUnsafeBufferPointer { room in
                    body(&agentIndexes[position]) { entry in
                        guard versions[Int(entry.slot)] == entry.version else { return false }
                        if room[Int(entry.slot)] & lane != 0 { return true }
                        gone.append(entry.slot)
                        return false
                    }
                }
            }
            for slot in gone { noteEntryGone(agentSlot: Int(slot), pool: Int32(pool), channelBit: lane) }
            return result
        }
    }

    /// The agent's entry in a round-robin pool's index on one channel has been taken out:
    /// they re-enter that index when next freed.
    mutating func noteEntryGone(agentSlot slot: Int, pool: Int32, channelBit: UInt8) {
        if let member = membershipIndex(ofAgent: slot, in: pool) {
            agents[slot].pools[member].entered &= ~channelBit
        }
    }

    /// Where `pool` is among the agent's pool memberships, if they are in it. Inlined: called
    /// from a mutating method, a non-mutating one is handed a copy of the whole engine.
    @inline(__always)
    func membershipIndex(ofAgent slot: Int, in pool: Int32) -> Int? {
        agents[slot].pools.firstIndex { $0.pool == pool }
    }

    /// Whether an index entry on `channel` of a pool ordered by `ordering` may be taken now
    /// (off the hot path).
    func isCurrent(_ entry: AgentEntry, ordering: AgentOrdering, channel: Channel) -> Bool {
        let slot = Int(entry.slot)
        return switch ordering {
        case .idle: agentOrderVersions[slot] == entry.version
        case .load: agentVersions[slot] == entry.version
        case .turn: agentTurnVersions[slot] == entry.version && agentRoom[slot] & (1 << channel.index) != 0
        }
    }

    /// The index position of a target's agent pool on `channel`.
    func agentIndexPosition(target: Int, channel: Channel) -> Int {
        Int(targets[target].pool) * Self.lanes + channel.index
    }

    /// The index position of a target's agent pool on `channel`, about to be asked for an
    /// agent: filled first if it never has been (`openLane(at:)`).
    mutating func askAgentIndex(target: Int, channel: Channel) -> Int {
        let position = agentIndexPosition(target: target, channel: channel)
        if !isLaneOpen(pool: Int(targets[target].pool), channel: channel) { openLane(at: position) }
        return position
    }

    /// Takes the best available agent for a queued contact out of its ring's pool: by the
    /// queue's strategy, or the most proficient for a VIP. O(log n). With `explain`, sets
    /// `explanation` to why this agent. The explanation is not in the result: an optional
    /// tuple holding one was destroyed through generic value witnesses on every arrival,
    /// about 7% of the instructions with agents in surplus.
    mutating func takeAgent(forContact slot: Int, explain: Bool, explanation: inout RoutingExplanation?) -> (agent: Int, target: Int)? {
        let channel = contacts[slot].channel
        let target = Int(queues[Int(contacts[slot].queueSlot)].firstTarget) + contacts[slot].ring
        let position = askAgentIndex(target: target, channel: channel)
        guard agentIndexes[position].entryCount > 0 else { return nil }
        let minimum = targets[target].minimumBucket
        let strategy = targets[target].strategy
        let tier = contacts[slot].tier
        let vip = isVIP(tier)
        let byProficiency = vip || strategy == .mostProficient
        let pick = withAgentIndex(at: position) { index, isCurrent in
            byProficiency
                ? index.bestByProficiency(from: minimum, isCurrent: isCurrent)
                : index.bestByStrategy(from: minimum, isCurrent: isCurrent)
        }
        guard let pick else { return nil }
        if explain {
            explanation = explainAgentChoice(contactSlot: slot, target: target, byProficiency: byProficiency,
                                             rule: vip ? .vipMostProficient(tier) : .agentByStrategy(strategy))
        }
        agentIndexes[position].removeHead(of: pick.bucket)
        let pool = targets[target].pool
        if agentPools[Int(pool)].key.ordering == .turn {
            noteEntryGone(agentSlot: Int(pick.entry.slot), pool: pool, channelBit: 1 << channel.index)
        }
        return (Int(pick.entry.slot), target)
    }

    /// Whether an agent eligible for `queue`'s own requirement is available on `channel` now —
    /// what another region asks before taking an overflowing contact. O(log n) amortised.
    public mutating func hasAvailableAgent(queue: QueueID, channel: Channel) -> Bool {
        guard let queueSlot = queueSlots[queue] else { return false }
        let target = Int(queues[Int(queueSlot)].firstTarget)
        let position = askAgentIndex(target: target, channel: channel)
        let minimum = targets[target].minimumBucket
        return withAgentIndex(at: position) { index, isCurrent in
            index.bestByStrategy(from: minimum, isCurrent: isCurrent) != nil
        }
    }
}
