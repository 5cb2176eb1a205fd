import ContactCenter
import Testing

/// Queues on the same skill share one index of available agents, each reading it from its
/// own minimum proficiency up: sharing must never widen or reorder a queue's choice.
@Suite struct SharedPoolTests {
    @Test func aSharedPoolKeepsEachQueuesMinimumAndRing() throws {
        var h = try Harness(queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1, 3)],
                  bullseye: [BullseyeRing(afterSeconds: 30, requirements: [Fixture.skill(1)])]),
            Queue(id: QueueID(2), requirements: [Fixture.skill(1)]),
        ])
        try h.add([Fixture.agent(1, skills: [(1, 1)]), Fixture.agent(2, skills: [(1, 3)]), Fixture.agent(3, skills: [(1, 5)])])
        // Agent 1 has been idle as long and was added first, but is below queue 1's minimum.
        let expected: [(contact: UInt64, queue: UInt32, agent: UInt32)] = [(1, 1, 2), (2, 2, 1), (3, 1, 3)]
        for (contact, queue, agent) in expected {
            try h.apply(.contactArrived(Fixture.contact(contact, queue: queue)), at: Double(contact))
            #expect(h.offered.map(\.1) == [agent])
            try h.apply(.reservationAccepted(try #require(h.offers.first).id), at: Double(contact))
        }
        try h.apply(.contactArrived(Fixture.contact(4, queue: 1)), at: 4)
        #expect(h.offered.isEmpty)
        // Freed, agent 1 does not meet ring 0 of queue 1 and stays in the shared pool.
        try h.apply(.contactEnded(ContactID(2)), at: 5)
        #expect(h.offered.isEmpty)
        // Once the ring widens to proficiency 1, the same pool yields agent 1.
        try h.apply(.clockAdvanced, at: 34)
        #expect(h.offered.map { $0.0 } == [4])
        #expect(h.offered.map(\.1) == [1])
    }

    @Test func queuesSharingAPoolKeepTheirOwnStrategyAndVIPOrder() throws {
        var h = try Harness(queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1)], strategy: .longestIdle),
            Queue(id: QueueID(2), requirements: [Fixture.skill(1, 2)], strategy: .mostProficient),
        ])
        try h.add([Fixture.agent(1, skills: [(1, 2)]), Fixture.agent(2, skills: [(1, 5)]), Fixture.agent(3, skills: [(1, 4)]),
                   Fixture.agent(4, skills: [(1, 1)])])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 2)), at: 1)
        #expect(h.offered.map(\.1) == [2])
        try h.apply(.contactArrived(Fixture.contact(2, queue: 1, tier: .gold)), at: 2, explain: true)
        #expect(h.offered.map(\.1) == [3])
        guard case let .offer(_, explanation?) = h.last.first else { Issue.record("no explanation"); return }
        #expect(explanation.candidates.map(\.agent) == [AgentID(3), AgentID(1), AgentID(4)])
        try h.apply(.contactArrived(Fixture.contact(3, queue: 2)), at: 3)
        #expect(h.offered.map(\.1) == [1])
        // Agent 4 is below queue 2's minimum but serves queue 1.
        try h.apply(.contactArrived(Fixture.contact(4, queue: 2)), at: 4)
        #expect(h.offered.isEmpty)
        try h.apply(.contactArrived(Fixture.contact(5, queue: 1)), at: 5)
        #expect(h.offered.map(\.1) == [4])
    }
}
