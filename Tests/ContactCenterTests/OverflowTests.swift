import ContactCenter
import Testing

/// Bullseye widening, cross-queue and cross-region overflow, maximum wait and length.
@Suite struct OverflowTests {
    @Test func bullseyeWidensAfterItsTime() throws {
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1, 4)],
                                           bullseye: [BullseyeRing(afterSeconds: 30, requirements: [Fixture.skill(1, 2)])])])
        try h.add([Fixture.agent(1, skills: [(1, 2)])])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        #expect(h.offered.isEmpty)
        try h.apply(.clockAdvanced, at: 29)
        #expect(h.offered.isEmpty)
        #expect(h.engine.nextDeadline == Timestamp(seconds: 30))
        try h.apply(.clockAdvanced, at: 31)
        #expect(h.last.first == .widened(ContactID(1), queue: QueueID(1), ring: 1))
        #expect(h.offers.map(\.offeredAt) == [Timestamp(seconds: 30)], "timers fire at their own time")
    }

    @Test func ringsMustWiden() {
        #expect(throws: RoutingConfigurationError.bullseyeRingNarrows(queue: QueueID(1), ring: 1)) {
            try RoutingEngine(configuration: RoutingDomainConfiguration(tenant: TenantID(1), region: Fixture.region, queues: [
                Queue(id: QueueID(1), requirements: [Fixture.skill(1, 2)],
                      bullseye: [BullseyeRing(afterSeconds: 10, requirements: [Fixture.skill(1, 3)])]),
            ]))
        }
    }

    @Test func crossQueueOverflowKeepsTheWait() throws {
        var h = try Harness(queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1)], overflow: [OverflowRule(afterSeconds: 60, destination: .queue(QueueID(2)))]),
            Queue(id: QueueID(2), requirements: [Fixture.skill(2)]),
        ])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        try h.apply(.contactArrived(Fixture.contact(2, queue: 2)), at: 10)
        try h.apply(.clockAdvanced, at: 61)
        #expect(h.last == [.overflowedToQueue(ContactID(1), from: QueueID(1), to: QueueID(2)), .queued(ContactID(1), queue: QueueID(2), ring: 0)])
        #expect(h.engine.queue(of: ContactID(1)) == QueueID(2))
        try h.add([Fixture.agent(1, skills: [(2, 3)])], at: 70)
        #expect(h.offered.map(\.0) == [1], "it waited since 0, longer than contact 2")
        let maybeStats = h.engine.queueStatistics(QueueID(2), at: Timestamp(seconds: 70))
        let stats = try #require(maybeStats)
        #expect(stats.overflowedIn == 1)
        #expect(stats.longestWaitSeconds == 70)
    }

    @Test func crossRegionOverflowIsADirectiveAndMovesOnce() throws {
        let far = RegionID(2)
        var h = try Harness(queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1)], overflow: [OverflowRule(afterSeconds: 45, destination: .region(far, queue: QueueID(9)))]),
        ])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        try h.apply(.contactArrived(Fixture.contact(2, queue: 1)), at: 1)
        try h.apply(.clockAdvanced, at: 50)
        let requests = h.last.compactMap { directive -> ContactID? in
            if case let .requestRegionOverflow(contact, region, queue, waitingSince) = directive, region == far, queue == QueueID(9) {
                #expect(waitingSince == Timestamp(seconds: contact.id == ContactID(1) ? 0 : 1))
                return contact.id
            }
            return nil
        }
        #expect(requests == [ContactID(1), ContactID(2)])
        try h.apply(.regionOverflowAccepted(ContactID(1)), at: 51)
        #expect(h.last == [.contactFinished(ContactID(1), state: .overflowed, reason: .overflowedToRegion)])
        #expect(throws: RoutingError.unknownContact(ContactID(1))) { try h.apply(.regionOverflowAccepted(ContactID(1)), at: 52) }
        try h.apply(.regionOverflowDeclined(ContactID(2)), at: 52)
        #expect(h.engine.state(of: ContactID(2)) == .queued)
        // Served locally after all; a late acceptance from the other region is refused.
        try h.add([Fixture.agent(1, skills: [(1, 1)])], at: 53)
        #expect(h.offered.map(\.0) == [2])
        #expect(throws: RoutingError.noRegionOverflowPending(ContactID(2))) { try h.apply(.regionOverflowAccepted(ContactID(2)), at: 54) }
    }

    /// The other region had nobody free: while the contact still waits, its domain asks
    /// again every few seconds, so a region without agents does not keep it for ever.
    @Test func aDeclinedRegionOverflowIsAskedAgainWhileTheContactWaits() throws {
        let far = RegionID(2)
        var h = try Harness(queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1)], overflow: [OverflowRule(afterSeconds: 10, destination: .region(far, queue: QueueID(9)))]),
        ])
        func asked() -> Bool { h.last.contains { if case .requestRegionOverflow = $0 { true } else { false } } }
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        try h.apply(.clockAdvanced, at: 10)
        #expect(asked())
        try h.apply(.regionOverflowDeclined(ContactID(1)), at: 10.5)
        try h.apply(.clockAdvanced, at: 12)
        #expect(!asked(), "not before the retry interval")
        try h.apply(.clockAdvanced, at: 12.5)
        #expect(asked())
        try h.apply(.clockAdvanced, at: 20)
        #expect(!asked(), "one request at a time")
        try h.apply(.regionOverflowAccepted(ContactID(1)), at: 21)
        #expect(h.last == [.contactFinished(ContactID(1), state: .overflowed, reason: .overflowedToRegion)])
    }

    /// While another region is asked, an agent freed here does not get the contact: the
    /// other region may already be offering it (found by the chaos suite's region-overflow).
    @Test func aContactAwaitingAnotherRegionsAnswerIsNotOfferedHere() throws {
        let far = RegionID(2)
        var h = try Harness(queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1)], overflow: [OverflowRule(afterSeconds: 10, destination: .region(far, queue: QueueID(9)))]),
        ])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        try h.apply(.clockAdvanced, at: 10)
        #expect(h.engine.pendingRegionOverflowRequests().count == 1, "a new primary would ask again")
        try h.add([Fixture.agent(1, skills: [(1, 1)])], at: 11)
        #expect(h.offered.isEmpty)
        try h.apply(.regionOverflowDeclined(ContactID(1)), at: 12)
        #expect(h.offered.map(\.0) == [1])
        #expect(h.engine.pendingRegionOverflowRequests().isEmpty)
    }

    @Test func maxWaitAndMaxLength() throws {
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)], maxWaitSeconds: 300, maxLength: 2)])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        try h.apply(.contactArrived(Fixture.contact(2, queue: 1)), at: 1)
        #expect(throws: RoutingError.queueFull(QueueID(1), waiting: 2)) { try h.apply(.contactArrived(Fixture.contact(3, queue: 1)), at: 2) }
        try h.apply(.clockAdvanced, at: 300.5)
        #expect(h.last == [.contactFinished(ContactID(1), state: .overflowed, reason: .maxWaitExceeded)])
        #expect(h.engine.state(of: ContactID(2)) == .queued)
    }

    @Test func closedQueuesRefuseArrivals() throws {
        let hours = try BusinessHours(windows: [(open: 0, close: 3600)], utcOffsetSeconds: 0)
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)], businessHours: hours)])
        // t = 4 days after the epoch is Monday 00:00 UTC.
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 4 * 86_400 + 10)
        #expect(throws: RoutingError.queueClosed(QueueID(1), at: Timestamp(seconds: 4 * 86_400 + 7200))) {
            try h.apply(.contactArrived(Fixture.contact(2, queue: 1)), at: 4 * 86_400 + 7200)
        }
    }
}
