/// Contacts: arrival, waiting, leaving.
extension RoutingEngine {
    /// The slot of the queue `contact` may enter now, or why it may not. Inlined: `apply`
    /// otherwise hands it a copy of the whole engine (416 bytes) on every arrival.
    @inline(__always)
    func admissionQueue(for contact: Contact, now: Double) throws(RoutingError) -> Int {
        guard contactSlots[contact.id] == nil else { throw .duplicateContact(contact.id) }
        guard let slot = queueSlots[contact.queue].map(Int.init) else { throw .unknownQueue(contact.queue) }
        // Read in place: a copy of the record would retain the queue's arrays on every arrival.
        guard queues[slot].queue.businessHours.isOpen(at: Timestamp(seconds: now)) else {
            throw .queueClosed(contact.queue, at: Timestamp(seconds: now))
        }
        if let maxLength = queues[slot].queue.maxLength, queues[slot].queued >= maxLength {
            throw .queueFull(contact.queue, waiting: queues[slot].queued)
        }
        return slot
    }

    /// Enters an admitted contact: it is offered at once if an eligible agent is available,
    /// else it waits in its queue's innermost ring.
    mutating func admit(_ contact: Contact, queueSlot: Int, now: Double, explain: Bool, into directives: inout [RoutingDirective]) {
        let waitingSince = min(contact.waitingSince?.seconds ?? now, now)
        contactSequence += 1
        let record = ContactRecord(
            contact: contact, state: .queued, queueSlot: Int32(queueSlot), waitingSince: waitingSince, queueEnteredAt: now,
            rank: rank(waitingSince: waitingSince, queueSlot: queueSlot, tier: contact.tier),
            sequence: contactSequence)
        let slot: Int
        if let reused = freeContactSlots.popLast() {
            slot = Int(reused)
            contacts[slot] = record
            timerVersions[slot] &+= 1
        } else {
            slot = contacts.count
            contacts.append(record)
            contactVersions.append(0)
            timerVersions.append(0)
            waitVersions.append(0)
        }
        contactSlots.insert(contact.id, slot: Int32(slot))
        queues[queueSlot].counters.offered += 1
        if contact.waitingSince != nil { queues[queueSlot].counters.overflowedIn += 1 }
        noteWaiting(contactSlot: slot, queueSlot: queueSlot)
        placeInQueue(contactSlot: slot, now: now, explain: explain, into: &directives)
    }

    /// Records a contact as waiting in a queue, for the queue's longest-wait figure.
    mutating func noteWaiting(contactSlot slot: Int, queueSlot: Int) {
        queues[queueSlot].waits.insert(WaitEntry(waitingSince: contacts[slot].waitingSince, contact: contacts[slot].id.rawValue,
                                                 slot: Int32(slot), version: waitVersions[slot]))
        queues[queueSlot].queuedOrOffered += 1
        // Against the queue's own count, so that a wait list stays as short as the queue is
        // and its tail stays in cache.
        if queues[queueSlot].waits.needsSweep(live: queues[queueSlot].queuedOrOffered) {
            waitVersions.withUnsafeBufferPointer { versions in
                var steps = Self.sweepSteps
                _ = queues[queueSlot].waits.sweep(steps: &steps) { versions[Int($0.slot)] == $0.version }
            }
        }
    }

    /// The contact stops waiting in its current queue (answered, moving on, or gone): its
    /// wait entry goes stale.
    mutating func noteStoppedWaiting(contactSlot slot: Int) {
        waitVersions[slot] &+= 1
        queues[Int(contacts[slot].queueSlot)].queuedOrOffered -= 1
    }

    func isWaiting(_ entry: WaitEntry) -> Bool {
        waitVersions[Int(entry.slot)] == entry.version
    }

    /// A queued contact not in any index looks for an agent in its current ring; failing
    /// that it waits in the ring's index and its next queue rule is scheduled.
    /// A contact another region is being asked to take waits outside the index.
    mutating func placeInQueue(contactSlot slot: Int, now: Double, explain: Bool, into directives: inout [RoutingDirective]) {
        if contacts[slot].regionOverflowPending {
            timerVersions[slot] &+= 1
            scheduleQueueRule(contactSlot: slot, after: now)
            return
        }
        var explanation: RoutingExplanation?
        if let choice = takeAgent(forContact: slot, explain: explain, explanation: &explanation) {
            offer(contactSlot: slot, agentSlot: choice.agent, target: choice.target, now: now,
                  explanation: explanation, into: &directives)
            reindexAfterOffer(agentSlot: choice.agent, channel: contacts[slot].channel, pool: targets[choice.target].pool)
            return
        }
        index(contactSlot: slot)
        directives.append(.queued(contacts[slot].id, queue: queues[Int(contacts[slot].queueSlot)].queue.id, ring: contacts[slot].ring))
        timerVersions[slot] &+= 1
        scheduleQueueRule(contactSlot: slot, after: now)
    }

    /// Where the bound of the contact index of (`target`, `channel`) is in `contactBoundRanks`.
    /// Inlined, as `contactIndexPosition(of:)` is.
    @inline(__always)
    func boundPosition(target: Int, channel: Channel) -> Int {
        channel.index * targets.count + target
    }

    /// The contact index a contact belongs in: its queue's current ring, its channel.
    /// Inlined: `index` otherwise hands it a copy of the whole engine on every arrival that
    /// waits.
    @inline(__always)
    func contactIndexPosition(of slot: Int) -> Int {
        let target = Int(queues[Int(contacts[slot].queueSlot)].firstTarget) + contacts[slot].ring
        return target * Self.lanes + contacts[slot].channel.index
    }

    mutating func index(contactSlot slot: Int) {
        let position = contactIndexPosition(of: slot)
        let entry = ContactEntry(rank: contacts[slot].rank, sequence: contacts[slot].sequence, slot: Int32(slot), version: contactVersions[slot])
        contactIndexes[position].insert(entry)
        let bound = boundPosition(target: position / Self.lanes, channel: contacts[slot].channel)
        if entry.rank < contactBoundRanks[bound] { contactBoundRanks[bound] = entry.rank }
        contacts[slot].indexedAt = Int32(position)
        indexedOnChannel[position % Self.lanes] += 1
        queues[Int(contacts[slot].queueSlot)].queued += 1
        if contactIndexes[position].needsSweep {
            contactVersions.withUnsafeBufferPointer { versions in
                contactIndexes[position].sweep(steps: Self.sweepSteps) { versions[Int($0.slot)] == $0.version }
            }
        }
    }

    /// Takes a contact out of its index: its entry goes stale, unless the caller has just
    /// dropped it as the index's head.
    mutating func unindex(contactSlot slot: Int) {
        let position = contacts[slot].indexedAt
        guard position >= 0 else { return }
        contactIndexes[Int(position)].noteLeft()
        indexedOnChannel[Int(position) % Self.lanes] -= 1
        contactVersions[slot] &+= 1
        contacts[slot].indexedAt = -1
        queues[Int(contacts[slot].queueSlot)].queued -= 1
    }

    mutating func abandon(_ id: ContactID, now: Double, explain: Bool, into directives: inout [RoutingDirective]) throws(RoutingError) {
        let slot = try liveSlot(of: id)
        let state = contacts[slot].state
        guard state.allows(.abandoned) else { throw .invalidTransition(ContactTransitionError(contact: id, from: state, to: .abandoned)) }
        queues[Int(contacts[slot].queueSlot)].counters.abandoned += 1
        if state == .queued {
            unindex(contactSlot: slot)
            finish(contactSlot: slot, as: .abandoned, reason: .customerAbandoned, into: &directives)
            return
        }
        let agent = release(offerOf: slot, outcome: .cancelled, now: now, into: &directives)
        finish(contactSlot: slot, as: .abandoned, reason: .customerAbandoned, into: &directives)
        serveFreedAgent(agent, now: now, explain: explain, into: &directives)
    }

    mutating func endConversation(_ id: ContactID, now: Double, explain: Bool, into directives: inout [RoutingDirective]) throws(RoutingError) {
        let slot = try liveSlot(of: id)
        let state = contacts[slot].state
        guard state == .connected else { throw .invalidTransition(ContactTransitionError(contact: id, from: state, to: .wrapUp)) }
        contacts[slot].state = .wrapUp
        timerVersions[slot] &+= 1
        let agent = Int(contacts[slot].agentSlot)
        agents[agent].beginWrapUp(at: now)
        let wrapUp = agents[agent].agent.wrapUpSeconds
        if wrapUp > 0 {
            schedule(.wrapUpEnd, at: now + wrapUp, contactSlot: slot)
        } else {
            completeWrapUp(contactSlot: slot, now: now, explain: explain, into: &directives)
        }
    }

    /// Wrap-up over: the contact completes and the agent's slot frees.
    mutating func completeWrapUp(contactSlot slot: Int, now: Double, explain: Bool, into directives: inout [RoutingDirective]) {
        let agent = Int(contacts[slot].agentSlot)
        let channel = contacts[slot].channel
        let handle = now - contacts[slot].connectedAt
        let queueSlot = Int(contacts[slot].queueSlot)
        queues[queueSlot].counters.noteHandled(for: handle)
        agents[agent].completeWrapUp(on: channel, handleSeconds: handle, at: now)
        refreshRoom(agentSlot: agent)
        contacts[slot].state = .completed
        finish(contactSlot: slot, as: .completed, reason: .handled, into: &directives)
        serveFreedAgent(agent, now: now, explain: explain, into: &directives)
    }

    mutating func transfer(_ id: ContactID, continuation: Contact, now: Double, explain: Bool, into directives: inout [RoutingDirective]) throws(RoutingError) {
        let slot = try liveSlot(of: id)
        let state = contacts[slot].state
        guard state == .connected else { throw .invalidTransition(ContactTransitionError(contact: id, from: state, to: .transferred)) }
        var next = continuation
        if next.previousContact == nil { next.previousContact = id }
        let queueSlot = try admissionQueue(for: next, now: now)
        let agent = Int(contacts[slot].agentSlot)
        let channel = contacts[slot].channel
        let handle = now - contacts[slot].connectedAt
        queues[Int(contacts[slot].queueSlot)].counters.noteHandled(for: handle)
        agents[agent].handOn(on: channel, handleSeconds: handle, at: now)
        refreshRoom(agentSlot: agent)
        finish(contactSlot: slot, as: .transferred, reason: .transferred, into: &directives)
        // Not straight back to the agent who handed it on, while another can take it.
        placeLetGo(byAgent: agent, now: now, explain: explain, into: &directives) { engine, directives in
            engine.admit(next, queueSlot: queueSlot, now: now, explain: explain, into: &directives)
        }
    }

    mutating func regionOverflowAccepted(_ id: ContactID, now: Double, into directives: inout [RoutingDirective]) throws(RoutingError) {
        let slot = try liveSlot(of: id)
        guard contacts[slot].regionOverflowPending else { throw .noRegionOverflowPending(id) }
        let state = contacts[slot].state
        guard state == .queued else { throw .invalidTransition(ContactTransitionError(contact: id, from: state, to: .overflowed)) }
        unindex(contactSlot: slot)
        queues[Int(contacts[slot].queueSlot)].counters.overflowedOut += 1
        finish(contactSlot: slot, as: .overflowed, reason: .overflowedToRegion, into: &directives)
    }

    /// The contact leaves routing in a terminal state; its slot is reused later with fresh
    /// versions, so stale index entries and timers can never match it.
    mutating func finish(contactSlot slot: Int, as state: ContactState, reason: ContactEndReason, into directives: inout [RoutingDirective]) {
        let id = contacts[slot].id
        if contacts[slot].state == .queued || contacts[slot].state == .offered { noteStoppedWaiting(contactSlot: slot) }
        contacts[slot].finish(as: state)
        contactVersions[slot] &+= 1
        timerVersions[slot] &+= 1
        contactSlots.remove(id)
        freeContactSlots.append(Int32(slot))
        directives.append(.contactFinished(id, state: state, reason: reason))
    }
}
