/// Timers: offer expiry, wrap-up end, and a queued contact's rules over time — bullseye
/// widening, cross-queue and cross-region overflow, maximum wait.
extension RoutingEngine {
    /// Fires every timer due by `now`, each at its own due time, in due order.
    mutating func fireTimers(upTo now: Double, explain: Bool, into directives: inout [RoutingDirective]) {
        while let next = nextTimer, next.at <= now {
            let slot = Int(next.slot)
            let at = max(next.at, clock)
            switch next.kind {
            case .offerExpiry:
                // A pending offer is never stale; refusing it takes it out of `reservations`.
                refuseOffer(contactSlot: slot, outcome: .timedOut, now: at, explain: explain, into: &directives)
            case .wrapUpEnd, .queueRule:
                deadlines.removeMin()
                // `finish` and a slot's reuse move its version on too, so this also skips the
                // timers of contacts that have left, without touching their records.
                guard timerVersions[slot] == next.version else { continue }
                if next.kind == .wrapUpEnd {
                    completeWrapUp(contactSlot: slot, now: at, explain: explain, into: &directives)
                } else {
                    applyQueueRules(contactSlot: slot, now: at, explain: explain, into: &directives)
                }
            }
        }
    }

    /// What happens next to a queued contact in its queue, and when.
    enum QueueRuleStep {
        case widen
        case overflow(rule: Int)
        case maxWait
    }

    /// Inlined: `scheduleQueueRule` otherwise hands it a copy of the whole engine on every
    /// arrival that waits.
    @inline(__always)
    func nextQueueRule(of slot: Int) -> (step: QueueRuleStep, at: Double)? {
        // Fields are read in place: copying the records would retain the contact's and the
        // queue's arrays and strings for every contact that waits.
        let queueSlot = Int(contacts[slot].queueSlot)
        let ring = contacts[slot].ring
        let enteredAt = contacts[slot].queueEnteredAt
        let nextOverflowRule = contacts[slot].nextOverflowRule
        let regionRule = Int(contacts[slot].regionRule)
        let overflowCount = queues[queueSlot].queue.overflow.count
        var next: (step: QueueRuleStep, at: Double)?
        if ring + 1 < queues[queueSlot].ringCount {
            next = (.widen, enteredAt + queues[queueSlot].queue.bullseye[ring].afterSeconds)
        }
        if nextOverflowRule < overflowCount {
            let at = enteredAt + queues[queueSlot].queue.overflow[nextOverflowRule].afterSeconds
            if next.map({ at < $0.at }) ?? true { next = (.overflow(rule: nextOverflowRule), at) }
        }
        if regionRule >= 0, !contacts[slot].regionOverflowPending, regionRule < overflowCount {
            let at = contacts[slot].regionRetryAt
            if next.map({ at < $0.at }) ?? true { next = (.overflow(rule: regionRule), at) }
        }
        if let maxWait = queues[queueSlot].queue.maxWaitSeconds {
            let at = enteredAt + maxWait
            if next.map({ at < $0.at }) ?? true { next = (.maxWait, at) }
        }
        return next
    }

    /// Schedules the contact's next queue rule (the caller has bumped its timer version).
    mutating func scheduleQueueRule(contactSlot slot: Int, after now: Double) {
        guard let next = nextQueueRule(of: slot) else { return }
        schedule(.queueRule, at: max(next.at, now), contactSlot: slot)
    }

    /// Applies every rule of the contact's queue that is due by `now`, in order, stopping
    /// once the contact is offered or leaves; then schedules the next one.
    mutating func applyQueueRules(contactSlot slot: Int, now: Double, explain: Bool, into directives: inout [RoutingDirective]) {
        while contacts[slot].live, contacts[slot].state == .queued, let next = nextQueueRule(of: slot), next.at <= now {
            let queueSlot = Int(contacts[slot].queueSlot)
            let id = contacts[slot].id
            switch next.step {
            case .widen:
                unindex(contactSlot: slot)
                contacts[slot].ring += 1
                directives.append(.widened(id, queue: queues[queueSlot].queue.id, ring: contacts[slot].ring))
                placeInQueue(contactSlot: slot, now: now, explain: explain, into: &directives)
                return
            case let .overflow(rule):
                // A declined region overflow asked again leaves the rules' order where it is.
                if rule == contacts[slot].nextOverflowRule { contacts[slot].nextOverflowRule += 1 }
                let destinationSlot = Int(queues[queueSlot].overflowSlots[rule])
                switch queues[queueSlot].queue.overflow[rule].destination {
                case let .queue(destination):
                    unindex(contactSlot: slot)
                    noteStoppedWaiting(contactSlot: slot)
                    queues[queueSlot].counters.overflowedOut += 1
                    queues[destinationSlot].counters.overflowedIn += 1
                    contacts[slot].queueSlot = Int32(destinationSlot)
                    contacts[slot].ring = 0
                    contacts[slot].nextOverflowRule = 0
                    contacts[slot].regionRule = -1
                    contacts[slot].queueEnteredAt = now
                    contacts[slot].rank = rank(waitingSince: contacts[slot].waitingSince, queueSlot: destinationSlot, tier: contacts[slot].tier)
                    noteWaiting(contactSlot: slot, queueSlot: destinationSlot)
                    directives.append(.overflowedToQueue(id, from: queues[queueSlot].queue.id, to: destination))
                    placeInQueue(contactSlot: slot, now: now, explain: explain, into: &directives)
                    return
                case let .region(region, queue):
                    // Out of this region's index until the other answers: an agent freed here
                    // meanwhile must not get a contact the other region may already be offering.
                    // One request at a time, so that every answer is the answer to it.
                    guard !contacts[slot].regionOverflowPending else { break }
                    unindex(contactSlot: slot)
                    contacts[slot].regionOverflowPending = true
                    contacts[slot].regionRule = Int32(rule)
                    directives.append(regionOverflowRequest(contactSlot: slot, region: region, queue: queue))
                }
            case .maxWait:
                unindex(contactSlot: slot)
                queues[queueSlot].counters.maxWaitExceeded += 1
                finish(contactSlot: slot, as: .overflowed, reason: .maxWaitExceeded, into: &directives)
                return
            }
        }
        guard contacts[slot].live, contacts[slot].state == .queued else { return }
        timerVersions[slot] &+= 1
        scheduleQueueRule(contactSlot: slot, after: now)
    }

    func regionOverflowRequest(contactSlot slot: Int, region: RegionID, queue: QueueID) -> RoutingDirective {
        .requestRegionOverflow(contacts[slot].contact, region: region, queue: queue,
                               waitingSince: Timestamp(seconds: contacts[slot].waitingSince))
    }

    /// The region overflow requests still unanswered. A new primary rebuilt from the log
    /// sends them again: the answer to the old one was lost with the old primary, and the
    /// other region answers a contact it already holds with a yes.
    public func pendingRegionOverflowRequests() -> [RoutingDirective] {
        contacts.indices.compactMap { slot in
            let record = contacts[slot]
            guard record.live, record.regionOverflowPending, record.regionRule >= 0 else { return nil }
            let queue = queues[Int(record.queueSlot)].queue
            guard Int(record.regionRule) < queue.overflow.count,
                  case let .region(region, target) = queue.overflow[Int(record.regionRule)].destination else { return nil }
            return regionOverflowRequest(contactSlot: slot, region: region, queue: target)
        }
    }
}
