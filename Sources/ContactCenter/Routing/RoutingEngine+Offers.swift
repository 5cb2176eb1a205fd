/// Reservations: granting, accepting, refusing, expiring.
extension RoutingEngine {
    /// Reserves a slot of the agent for the contact, until the offer's expiry. The
    /// caller has taken the contact out of its index, and the agent out of the target's
    /// agent index if it found them there (rather than the agent coming to a waiting contact).
    mutating func offer(contactSlot slot: Int, agentSlot agent: Int, target: Int, now: Double,
                        explanation: RoutingExplanation?, into directives: inout [RoutingDirective]) {
        let channel = contacts[slot].channel
        let reservation = Reservation(
            id: reservations.nextID, contact: contacts[slot].id, agent: agents[agent].agent.id,
            queue: queues[Int(contacts[slot].queueSlot)].queue.id, channel: channel,
            offeredAt: Timestamp(seconds: now), expiresAt: Timestamp(seconds: now + settings.offerTimeoutSeconds))
        contacts[slot].offer(reservation, toAgent: Int32(agent))
        timerVersions[slot] &+= 1
        // The offer's timer is its place in `reservations`; it takes a sequence number as
        // every timer does, which orders it among those due at the same instant.
        deadlineSequence += 1
        reservations.add(reservation.id, contactSlot: Int32(slot), expiresAt: reservation.expiresAt.seconds,
                         sequence: deadlineSequence)

        agents[agent].reserve(on: channel, at: now)
        refreshRoom(agentSlot: agent)
        // The agent's load changed; the caller re-enters them (`reindex`, `reindexAfterOffer`).
        agentVersions[agent] &+= 1
        if targets[target].strategy == .roundRobin {
            // Only round-robin pools order by turn; finding the pool among the agent's ≈10
            // would otherwise cost every offer a scan.
            targets[target].roundRobinCounter += 1
            let pool = targets[target].pool
            if let membership = membershipIndex(ofAgent: agent, in: pool) {
                agents[agent].pools[membership].turn = targets[target].roundRobinCounter
                if agents[agent].pools[membership].entered != 0 {
                    // The ring's index still holds an entry of the agent under their old turn
                    // (on this channel when they came to a waiting contact, or on another),
                    // which must not be taken. Their round-robin entries all go stale, and
                    // each is entered again.
                    agentTurnVersions[agent] &+= 1
                    for member in agents[agent].pools.indices { agents[agent].pools[member].entered = 0 }
                }
            }
        }
        directives.append(.offer(reservation, explanation: explanation))
    }

    mutating func accept(_ id: ReservationID, now: Double) throws(RoutingError) {
        guard let found = reservations.remove(id) else { throw .unknownReservation(id) }
        let slot = Int(found)
        contacts[slot].connect(at: now)
        noteStoppedWaiting(contactSlot: slot)
        timerVersions[slot] &+= 1
        let agent = Int(contacts[slot].agentSlot)
        agents[agent].connect(at: now)
        let queueSlot = Int(contacts[slot].queueSlot)
        let wait = now - contacts[slot].waitingSince
        let threshold = queues[queueSlot].queue.serviceLevel.thresholdSeconds
        queues[queueSlot].counters.noteAnswered(afterWaiting: wait, threshold: threshold)
    }

    /// Ends a pending offer without acceptance and frees the agent's slot; returns the agent.
    mutating func release(offerOf slot: Int, outcome: ReservationOutcome, now: Double, into directives: inout [RoutingDirective]) -> Int {
        let agent = Int(contacts[slot].agentSlot)
        if let reservation = contacts[slot].reservation {
            reservations.remove(reservation.id)
            if outcome != .rejected { directives.append(.reservationEnded(reservation, outcome: outcome)) }
            agents[agent].releaseOffer(on: reservation.channel, at: now)
            refreshRoom(agentSlot: agent)
        }
        contacts[slot].reservation = nil
        contacts[slot].agentSlot = -1
        timerVersions[slot] &+= 1
        return agent
    }

    /// A rejected or timed-out offer: the agent's miss counts (and may set them `missed`),
    /// the contact goes back to the head of its queue and looks for another agent, and the
    /// agent, if still available, takes the best waiting contact.
    mutating func refuseOffer(contactSlot slot: Int, outcome: ReservationOutcome, now: Double, explain: Bool, into directives: inout [RoutingDirective]) {
        let agent = release(offerOf: slot, outcome: outcome, now: now, into: &directives)
        // Saturating: the threshold may be set beyond what the count can hold.
        if agents[agent].consecutiveMisses < .max { agents[agent].consecutiveMisses += 1 }
        agents[agent].idleSince = now
        if Int(agents[agent].consecutiveMisses) >= settings.missedOffersBeforeMissedStatus, agents[agent].status == .available {
            setStatus(agentSlot: agent, .missed)
            directives.append(.agentStatusChanged(agents[agent].agent.id, .missed))
        }

        contacts[slot].state = .queued
        let position = contactIndexPosition(of: slot)
        let versions = contactVersions
        if let head = contactIndexes[position].head(isCurrent: { versions[Int($0.slot)] == $0.version }) {
            contacts[slot].rank = min(contacts[slot].rank, head.rank)
        }
        headSequence -= 1
        contacts[slot].sequence = headSequence
        placeLetGo(byAgent: agent, now: now, explain: explain, into: &directives) { engine, directives in
            engine.placeInQueue(contactSlot: slot, now: now, explain: explain, into: &directives)
        }
    }
}
