import ContactCenter
import Testing

/// Offers: accept, reject, time out, cancel; missed status; wrap-up; transfer; statistics.
@Suite struct ReservationTests {
    func twoAgents() throws -> Harness {
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)])])
        try h.add([Fixture.agent(1, skills: [(1, 3)], wrapUp: 10)], at: 0)
        try h.add([Fixture.agent(2, skills: [(1, 3)], wrapUp: 10)], at: 1)
        return h
    }

    @Test func acceptedContactsGoThroughWrapUp() throws {
        var h = try twoAgents()
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 5)
        let reservation = try #require(h.offers.first)
        #expect(reservation.agent == AgentID(1))
        #expect(reservation.expiresAt == Timestamp(seconds: 20))
        try h.apply(.reservationAccepted(reservation.id), at: 8)
        #expect(h.engine.state(of: ContactID(1)) == .connected)
        #expect(h.engine.agentStatistics(AgentID(1), at: Timestamp(seconds: 8))?.state == .busy)
        try h.apply(.contactEnded(ContactID(1)), at: 68)
        #expect(h.engine.state(of: ContactID(1)) == .wrapUp)
        #expect(h.engine.agentStatistics(AgentID(1), at: Timestamp(seconds: 70))?.state == .wrapUp)
        try h.apply(.clockAdvanced, at: 79)
        #expect(h.last == [.contactFinished(ContactID(1), state: .completed, reason: .handled)])
        let maybeStats = h.engine.queueStatistics(QueueID(1), at: Timestamp(seconds: 80))
        let stats = try #require(maybeStats)
        #expect(stats.answered == 1 && stats.answeredWithinThreshold == 1 && stats.handled == 1)
        #expect(stats.averageSpeedOfAnswerSeconds == 3)
        #expect(stats.averageHandleSeconds == 70)
        #expect(stats.serviceLevel == 1)
    }

    /// The domain's history and tenants' event streams name offers by reservation ID, so an
    /// engine rebuilt for new queues goes on from the old engine's IDs.
    @Test func reconfiguringADomainContinuesItsReservationIDs() throws {
        let queue = Queue(id: QueueID(1), requirements: [Fixture.skill(1)])
        var h = try Harness(queues: [queue])
        try h.add([Fixture.agent(1, skills: [(1, 3)])], at: 0)
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 1)
        let first = try #require(h.offers.first)
        try h.apply(.reservationAccepted(first.id), at: 2)
        try h.apply(.contactEnded(ContactID(1)), at: 3)
        h.engine = try h.engine.reconfigured(to: RoutingDomainConfiguration(
            tenant: TenantID(1), region: Fixture.region,
            queues: [queue, Queue(id: QueueID(2), requirements: [Fixture.skill(1)])], settings: Fixture.settings()))
        try h.apply(.contactArrived(Fixture.contact(2, queue: 2)), at: 4)
        let second = try #require(h.offers.first)
        #expect(second.agent == AgentID(1))
        #expect(second.id.rawValue == first.id.rawValue + 1)
    }

    @Test func aRejectedContactGoesBackToTheHeadAndToAnotherAgent() throws {
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)])])
        try h.add([Fixture.agent(1, skills: [(1, 3)])], at: 0)
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 1)
        let first = try #require(h.offers.first)
        try h.apply(.contactArrived(Fixture.contact(2, queue: 1)), at: 2)
        try h.apply(.contactArrived(Fixture.contact(3, queue: 1, tier: .silver)), at: 3)
        try h.add([Fixture.agent(2, skills: [(1, 3)])], at: 4)
        // Agent 2 takes contact 3 (silver ranks ahead of 2); agent 1 rejects contact 1.
        #expect(h.offered.map(\.0) == [3])
        try h.apply(.reservationRejected(first.id), at: 5)
        #expect(h.engine.state(of: ContactID(1)) != nil)
        // Contact 1 is back at the head, ahead of contact 2, and agent 1 (still available) is offered it again.
        #expect(h.offered.map(\.0) == [1])
        #expect(h.last.contains(.queued(ContactID(1), queue: QueueID(1), ring: 0)))
    }

    /// Offer timers and other timers live in separate queues; due at the same instant they
    /// still fire in the order they were scheduled. Here the offer to agent 2 expires first
    /// (scheduled at 2), while agent 1 is still in wrap-up (its end scheduled at 7), so the
    /// contact goes back to agent 2, and agent 1 is freed after.
    @Test func timersDueTogetherFireInTheOrderTheyWereScheduled() throws {
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)])], settings: Fixture.settings(timeout: 15))
        try h.add([Fixture.agent(1, skills: [(1, 3)], wrapUp: 10)], at: 0)
        try h.add([Fixture.agent(2, skills: [(1, 3)])], at: 0.5)
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 1)
        let first = try #require(h.offers.first)
        try h.apply(.reservationAccepted(first.id), at: 1)
        try h.apply(.contactArrived(Fixture.contact(2, queue: 1)), at: 2)
        let second = try #require(h.offers.first)
        #expect(second.agent == AgentID(2) && second.expiresAt == Timestamp(seconds: 17))
        try h.apply(.contactEnded(ContactID(1)), at: 7)
        // The accepted offer's expiry went with its answer: no wake-up is asked for at 16.
        #expect(h.engine.nextDeadline == Timestamp(seconds: 17))
        try h.apply(.clockAdvanced, at: 16)
        #expect(h.last.isEmpty)
        #expect(h.engine.nextDeadline == Timestamp(seconds: 17))

        try h.apply(.clockAdvanced, at: 17)
        #expect(h.last.first == .reservationEnded(second, outcome: .timedOut))
        #expect(h.offered.elementsEqual([(2, 2)]) { $0 == $1 })
        #expect(h.last.last == .contactFinished(ContactID(1), state: .completed, reason: .handled))
        #expect(h.engine.nextDeadline == Timestamp(seconds: 32))
    }

    @Test func timeoutsCountAsMissesAndTwoSetMissed() throws {
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)])], settings: Fixture.settings(missed: 2, timeout: 10))
        try h.add([Fixture.agent(1, skills: [(1, 3)])], at: 0)
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        let first = try #require(h.offers.first)
        try h.apply(.clockAdvanced, at: 10)
        #expect(h.last.first == .reservationEnded(first, outcome: .timedOut))
        let second = try #require(h.offers.first, "offered again to the only agent")
        #expect(throws: RoutingError.unknownReservation(first.id)) { try h.apply(.reservationAccepted(first.id), at: 11) }
        try h.apply(.reservationRejected(second.id), at: 12)
        #expect(h.last.contains(.agentStatusChanged(AgentID(1), .missed)))
        #expect(h.offers.isEmpty)
        #expect(h.engine.state(of: ContactID(1)) == .queued)
        #expect(h.engine.agentStatistics(AgentID(1), at: Timestamp(seconds: 12))?.status == .missed)
        try h.apply(.agentStatusChanged(AgentID(1), .available), at: 20)
        #expect(h.offered.map(\.0) == [1], "choosing available again clears the misses")
    }

    @Test func abandoningDuringAnOfferCancelsIt() throws {
        var h = try twoAgents()
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 5)
        let reservation = try #require(h.offers.first)
        try h.apply(.contactAbandoned(ContactID(1)), at: 6)
        #expect(h.last == [.reservationEnded(reservation, outcome: .cancelled), .contactFinished(ContactID(1), state: .abandoned, reason: .customerAbandoned)])
        #expect(h.engine.agentStatistics(AgentID(1), at: Timestamp(seconds: 6))?.state == .idle)
        #expect(throws: RoutingError.unknownContact(ContactID(1))) { try h.apply(.contactEnded(ContactID(1)), at: 7) }
        let abandonRate = h.engine.queueStatistics(QueueID(1), at: Timestamp(seconds: 7))?.abandonRate
        #expect(abandonRate == 1)
    }

    @Test func invalidEventsAreRefusedWithContext() throws {
        var h = try twoAgents()
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 5)
        #expect(throws: RoutingError.invalidTransition(ContactTransitionError(contact: ContactID(1), from: .offered, to: .wrapUp))) {
            try h.apply(.contactEnded(ContactID(1)), at: 6)
        }
        #expect(throws: RoutingError.duplicateContact(ContactID(1))) { try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 6) }
        #expect(throws: RoutingError.unknownQueue(QueueID(9))) { try h.apply(.contactArrived(Fixture.contact(2, queue: 9)), at: 6) }
        #expect(throws: RoutingError.agentHoldsContacts(AgentID(1), count: 1)) { try h.apply(.agentRemoved(AgentID(1)), at: 6) }
    }

    @Test func transferEndsTheContactAndQueuesALinkedOne() throws {
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)]), Queue(id: QueueID(2), requirements: [Fixture.skill(2)])])
        try h.add([Fixture.agent(1, skills: [(1, 3)])])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        try h.apply(.reservationAccepted(try #require(h.offers.first).id), at: 1)
        try h.apply(.contactTransferred(ContactID(1), continuation: Fixture.contact(2, queue: 2)), at: 30)
        #expect(h.last == [.contactFinished(ContactID(1), state: .transferred, reason: .transferred), .queued(ContactID(2), queue: QueueID(2), ring: 0)])
        #expect(h.engine.agentStatistics(AgentID(1), at: Timestamp(seconds: 30))?.state == .idle)
    }

    /// Agent 1 serves both queues and comes first in queue 2's order (a round-robin turn
    /// kept while busy, or a chat agent's idle time); what they hand on to queue 2 goes to
    /// agent 2 while agent 2 can take it, and back to agent 1 only when nobody else can.
    @Test(arguments: [(RoutingStrategy.roundRobin, Channel.voice), (.longestIdle, .chat)])
    func aTransferGoesToAnotherAgentBeforeTheOneHandingItOn(strategy: RoutingStrategy, channel: Channel) throws {
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)]),
                                     Queue(id: QueueID(2), requirements: [Fixture.skill(2)], strategy: strategy)])
        let capacity = [channel: channel == .voice ? 1 : 3]
        try h.add([Fixture.agent(1, skills: [(1, 3), (2, 3)], capacity: capacity), Fixture.agent(2, skills: [(2, 3)], capacity: capacity)])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1, channel: channel)), at: 1)
        try h.apply(.reservationAccepted(try #require(h.offers.first).id), at: 1)
        try h.apply(.contactTransferred(ContactID(1), continuation: Fixture.contact(2, queue: 2, channel: channel)), at: 2)
        #expect(h.offered.map(\.1) == [2])

        try h.apply(.agentStatusChanged(AgentID(2), .onBreak), at: 3)
        try h.apply(.contactArrived(Fixture.contact(3, queue: 1, channel: channel)), at: 4)
        try h.apply(.reservationAccepted(try #require(h.offers.first).id), at: 4)
        try h.apply(.contactTransferred(ContactID(3), continuation: Fixture.contact(4, queue: 2, channel: channel)), at: 5)
        #expect(h.offered.map(\.1) == [1], "with agent 2 on break, only agent 1 can take it")
    }
}
