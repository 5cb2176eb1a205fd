import Testing
@testable import ContactCenter

/// Index entries go stale instead of being removed in place; sweeps, a few entries per
/// insertion, keep them from piling up without any one decision paying for a whole pass.
@Suite struct IndexSweepTests {
    /// Each agent serves two pools and is always taken through the first, so every cycle
    /// leaves a stale entry in the second. Without sweeps that pool would hold one entry
    /// per cycle.
    @Test func agentsTakenThroughOnePoolDoNotPileUpInAnother() throws {
        var h = try Harness(queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1)]),
            Queue(id: QueueID(2), requirements: [Fixture.skill(2)]),
        ])
        let agents = 20
        try h.add((1...agents).map { Fixture.agent(UInt32($0), skills: [(1, 3), (2, 3)]) })
        // Asked once, the second pool's index is filled and kept from then on.
        let available = h.engine.hasAvailableAgent(queue: QueueID(2), channel: .voice)
        #expect(available)
        for cycle in 0..<2_000 {
            let time = Double(cycle + 1)
            try h.apply(.contactArrived(Fixture.contact(UInt64(cycle + 1), queue: 1)), at: time)
            // Longest idle first: the agents take their turns in the order they were freed.
            #expect(h.offered.map(\.1) == [UInt32(cycle % agents + 1)])
            try h.apply(.reservationAccepted(try #require(h.offers.first).id), at: time)
            try h.apply(.contactEnded(ContactID(UInt64(cycle + 1))), at: time)
        }
        let bound = 2 * agents + 16 + agents / 4 + RoutingEngine.sweepSteps
        #expect(h.engine.agentIndexes.map(\.entryCount).max()! <= bound)
        // The second queue still finds every agent, longest idle first.
        try h.apply(.contactArrived(Fixture.contact(10_000, queue: 2)), at: 3_000)
        #expect(h.offered.map(\.1) == [UInt32(2_000 % agents + 1)])
    }

    /// Contacts that abandon behind one that waits on leave stale entries the head never
    /// reaches.
    @Test func abandonedContactsBehindAWaitingOneDoNotPileUp() throws {
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)])])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        for id in 2..<2_002 as Range<UInt64> {
            try h.apply(.contactArrived(Fixture.contact(id, queue: 1)), at: Double(id))
            try h.apply(.contactAbandoned(ContactID(id)), at: Double(id))
        }
        #expect(h.engine.contactIndexes.map(\.heap.count).max()! <= 2 + 16 + RoutingEngine.sweepSteps)
        try h.add([Fixture.agent(1, skills: [(1, 3)])], at: 3_000)
        #expect(h.offered.map(\.0) == [1])
    }
}
