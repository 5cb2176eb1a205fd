import ContactCenter
import Testing

/// VIP, priority across queues, and aging.
@Suite struct PriorityTests {
    @Test func vipJumpsTheQueueAndGoesToTheMostProficient() throws {
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)], strategy: .longestIdle)])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        try h.apply(.contactArrived(Fixture.contact(2, queue: 1, tier: .gold)), at: 5)
        // One agent frees: the VIP waiting 5 s less goes first.
        try h.add([Fixture.agent(1, skills: [(1, 3)])], at: 10)
        #expect(h.offered.map(\.0) == [2])

        var idle = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)], strategy: .longestIdle)])
        try idle.add([Fixture.agent(1, skills: [(1, 2)])], at: 0)
        try idle.add([Fixture.agent(2, skills: [(1, 5)])], at: 5)
        try idle.apply(.contactArrived(Fixture.contact(1, queue: 1, tier: .platinum)), at: 10, explain: true)
        #expect(idle.offered.map(\.1) == [2], "longest idle would pick agent 1; a VIP gets the expert")
        guard case let .offer(_, explanation?) = idle.last.first else { Issue.record("no explained offer"); return }
        #expect(explanation.rule == .vipMostProficient(.platinum))
        #expect(explanation.candidates.map(\.agent) == [AgentID(2), AgentID(1)])
    }

    @Test func higherPriorityQueueFirstThenLongestWait() throws {
        var h = try Harness(queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1)], priority: 0),
            Queue(id: QueueID(2), requirements: [Fixture.skill(1)], priority: 1),
        ])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        try h.apply(.contactArrived(Fixture.contact(2, queue: 1)), at: 1)
        try h.apply(.contactArrived(Fixture.contact(3, queue: 2)), at: 30)
        try h.apply(.contactArrived(Fixture.contact(4, queue: 2)), at: 31)
        try h.add([Fixture.agent(1, skills: [(1, 3)], capacity: [.voice: 1])], at: 40, status: .available)
        var order = h.offered.map(\.0)
        for step in 0..<3 {
            let reservation = try #require(h.offers.first)
            try h.apply(.reservationAccepted(reservation.id), at: 41 + Double(step))
            try h.apply(.contactEnded(reservation.contact), at: 41.5 + Double(step))
            order += h.offered.map(\.0)
        }
        #expect(order == [3, 4, 1, 2])
    }

    @Test func agingLetsALongWaitBeatAHigherPriority() throws {
        var h = try Harness(queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1)], priority: 0),
            Queue(id: QueueID(2), requirements: [Fixture.skill(1)], priority: 1),
        ], settings: Fixture.settings(aging: 60))
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        try h.apply(.contactArrived(Fixture.contact(2, queue: 2)), at: 90)
        try h.add([Fixture.agent(1, skills: [(1, 3)])], at: 100)
        #expect(h.offered.map(\.0) == [1], "90 s of extra waiting outweighs one level worth 60 s")
    }

    @Test func aFreedAgentExplainsTheContactItTook() throws {
        var h = try Harness(queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1)], priority: 0),
            Queue(id: QueueID(2), requirements: [Fixture.skill(1)], priority: 2),
        ])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 0)
        try h.apply(.contactArrived(Fixture.contact(2, queue: 2)), at: 10)
        try h.apply(.agentAdded(Fixture.agent(1, skills: [(1, 3)]), status: .available), at: 20, explain: true)
        guard case let .offer(reservation, explanation?) = h.last.first else { Issue.record("no explained offer"); return }
        #expect(reservation.contact == ContactID(2))
        #expect(explanation.rule == .bestWaitingContact)
        #expect(explanation.candidates.map(\.contact) == [ContactID(2), ContactID(1)])
        #expect(explanation.description.contains("priority 2"))
    }
}
