import ContactCenter
import Testing

/// Each strategy picks the agent it promises among several available ones.
@Suite struct StrategyTests {
    func harness(_ strategy: RoutingStrategy) throws -> Harness {
        try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)], strategy: strategy)])
    }

    @Test func longestIdleTakesTheAgentFreeLongest() throws {
        var h = try harness(.longestIdle)
        try h.add([Fixture.agent(1, skills: [(1, 3)]), Fixture.agent(2, skills: [(1, 3)]), Fixture.agent(3, skills: [(1, 3)])])
        for id in 1...3 {
            try h.apply(.contactArrived(Fixture.contact(UInt64(id), queue: 1)), at: 1)
            try h.apply(.reservationAccepted(try #require(h.offers.first).id), at: 1)
        }
        // Agents 1, 2, 3 took contacts 1, 2, 3; they finish in the order 2, 3, 1.
        try h.apply(.contactEnded(ContactID(2)), at: 10)
        try h.apply(.contactEnded(ContactID(3)), at: 20)
        try h.apply(.contactEnded(ContactID(1)), at: 30)
        try h.apply(.contactArrived(Fixture.contact(4, queue: 1)), at: 40, explain: true)
        #expect(h.offered.map(\.1) == [2])
        guard case let .offer(_, explanation?) = h.last.first else { Issue.record("no explanation"); return }
        #expect(explanation.rule == .agentByStrategy(.longestIdle))
        #expect(explanation.candidates.map(\.agent) == [AgentID(2), AgentID(3), AgentID(1)])
    }

    @Test func mostProficientTakesTheExpert() throws {
        var h = try harness(.mostProficient)
        try h.add([Fixture.agent(1, skills: [(1, 2)]), Fixture.agent(2, skills: [(1, 5)]), Fixture.agent(3, skills: [(1, 4)])])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 1)
        #expect(h.offered.map(\.1) == [2])
    }

    @Test func leastOccupiedSpreadsChats() throws {
        var h = try harness(.leastOccupied)
        try h.add([Fixture.agent(1, skills: [(1, 3)], capacity: [.chat: 3]), Fixture.agent(2, skills: [(1, 3)], capacity: [.chat: 3])])
        var chosen: [UInt32] = []
        for id in 1...4 {
            try h.apply(.contactArrived(Fixture.contact(UInt64(id), queue: 1, channel: .chat)), at: Double(id))
            chosen += h.offered.map(\.1)
        }
        // Agent 1 (idle as long, lower number) first, then the emptier one each time.
        #expect(chosen == [1, 2, 1, 2])
        #expect(h.engine.agentStatistics(AgentID(1), at: Timestamp(seconds: 5))?.holding[Channel.chat.index] == 2)
    }

    @Test func roundRobinGoesInTurn() throws {
        var h = try harness(.roundRobin)
        try h.add([Fixture.agent(1, skills: [(1, 3)]), Fixture.agent(2, skills: [(1, 3)]), Fixture.agent(3, skills: [(1, 3)])])
        var chosen: [UInt32] = []
        for id in 1...6 {
            try h.apply(.contactArrived(Fixture.contact(UInt64(id), queue: 1)), at: Double(id))
            let reservation = try #require(h.offers.first)
            chosen.append(reservation.agent.rawValue)
            try h.apply(.reservationAccepted(reservation.id), at: Double(id))
            // The agent who just finished would be first by longest idle; round robin ignores that.
            try h.apply(.contactEnded(reservation.contact), at: Double(id) + 0.5)
        }
        #expect(chosen == [1, 2, 3, 1, 2, 3])
    }

    /// A ring's turn is the agent's on every channel: after agent 1 takes a chat and keeps
    /// room for more, a voice contact goes to agent 2, whose turn has not come yet.
    @Test func roundRobinTurnsHoldAcrossChannels() throws {
        var h = try harness(.roundRobin)
        try h.add([Fixture.agent(1, skills: [(1, 3)], capacity: [.voice: 1, .chat: 2]),
                   Fixture.agent(2, skills: [(1, 3)], capacity: [.voice: 1, .chat: 2])])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1, channel: .chat)), at: 1)
        #expect(h.offered.map(\.1) == [1])
        try h.apply(.contactArrived(Fixture.contact(2, queue: 1)), at: 2)
        #expect(h.offered.map(\.1) == [2])
        // Agent 1's turn (1) is before agent 2's (2) on chat too.
        try h.apply(.contactArrived(Fixture.contact(3, queue: 1, channel: .chat)), at: 3)
        #expect(h.offered.map(\.1) == [1])
    }

    /// A round-robin entry outlives a conversation from another queue. Met at the head
    /// while its agent is busy, it is set aside, and the agent takes their old turn back
    /// when freed.
    @Test func aBusyAgentKeepsTheirRoundRobinTurn() throws {
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)], strategy: .roundRobin),
                                     Queue(id: QueueID(2), requirements: [Fixture.skill(1)], strategy: .longestIdle)])
        try h.add([Fixture.agent(1, skills: [(1, 3)]), Fixture.agent(2, skills: [(1, 3)])])
        // Queue 1's turns: agent 1 gets turn 1, agent 2 turn 2.
        for id in 1...2 {
            try h.apply(.contactArrived(Fixture.contact(UInt64(id), queue: 1)), at: Double(id))
            try h.apply(.reservationAccepted(try #require(h.offers.first).id), at: Double(id))
        }
        try h.apply(.contactEnded(ContactID(1)), at: 3)
        try h.apply(.contactEnded(ContactID(2)), at: 4)
        // Queue 2 takes agent 1, idle longest, whose entry in queue 1 stays.
        try h.apply(.contactArrived(Fixture.contact(3, queue: 2)), at: 5)
        #expect(h.offered.map(\.1) == [1])
        try h.apply(.reservationAccepted(try #require(h.offers.first).id), at: 5)
        // Queue 1 meets agent 1's entry first, sets it aside, and takes agent 2 (turn 3 now).
        try h.apply(.contactArrived(Fixture.contact(4, queue: 1)), at: 6)
        #expect(h.offered.map(\.1) == [2])
        try h.apply(.reservationAccepted(try #require(h.offers.first).id), at: 6)
        try h.apply(.contactEnded(ContactID(4)), at: 7)
        try h.apply(.contactEnded(ContactID(3)), at: 8)
        // Both are free; agent 1's turn (1) comes before agent 2's (3), though agent 2 was
        // freed first.
        try h.apply(.contactArrived(Fixture.contact(5, queue: 1)), at: 9)
        #expect(h.offered.map(\.1) == [1])
    }

    /// Agents are entered only into indexes that have been asked for an agent; the chat
    /// index here is filled when the first chat arrives, after the voice calls. It must
    /// order the agents as if it had been kept all along: round robin by the voice calls'
    /// turns (agent 2's is the oldest), longest idle by when each call ended (agent 3's).
    @Test(arguments: [(RoutingStrategy.roundRobin, UInt32(2)), (.longestIdle, UInt32(3))])
    func anIndexFirstAskedLaterOrdersAgentsAsIfKeptAllAlong(strategy: RoutingStrategy, expected: UInt32) throws {
        var h = try harness(strategy)
        try h.add((1...3).map { Fixture.agent($0, skills: [(1, 3)], capacity: [.voice: 1, .chat: 2]) })
        func call(_ id: UInt64, at time: Double, to agent: UInt32) throws {
            try h.apply(.contactArrived(Fixture.contact(id, queue: 1)), at: time)
            #expect(h.offered.map(\.1) == [agent])
            try h.apply(.reservationAccepted(try #require(h.offers.first).id), at: time)
        }
        for id in 1...3 { try call(UInt64(id), at: Double(id), to: UInt32(id)) }
        try h.apply(.contactEnded(ContactID(1)), at: 5)
        try call(5, at: 6, to: 1)
        // Turns: agent 1 the fourth, 2 the second, 3 the third; freed in the order 3, 1, 2.
        for (time, id) in [(10.0, 3), (11, 5), (12, 2)] { try h.apply(.contactEnded(ContactID(UInt64(id))), at: time) }
        try h.apply(.contactArrived(Fixture.contact(9, queue: 1, channel: .chat)), at: 20)
        #expect(h.offered.map(\.1) == [expected])
    }

    @Test func ineligibleAgentsAreNeverOffered() throws {
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1, 4), Fixture.skill(2)])])
        try h.add([Fixture.agent(1, skills: [(1, 5)]), Fixture.agent(2, skills: [(1, 3), (2, 5)]),
                   Fixture.agent(3, skills: [(1, 4), (2, 1)], capacity: [.chat: 2])])
        try h.apply(.contactArrived(Fixture.contact(1, queue: 1)), at: 1)
        #expect(h.offered.isEmpty, "agent 3 meets the skills but takes no voice")
        try h.apply(.contactArrived(Fixture.contact(2, queue: 1, channel: .chat)), at: 2)
        #expect(h.offered.map(\.1) == [3])
        try h.apply(.agentStatusChanged(AgentID(3), .onBreak), at: 3)
        try h.apply(.contactArrived(Fixture.contact(3, queue: 1, channel: .chat)), at: 4)
        #expect(h.offered.isEmpty, "an agent on break gets nothing")
    }
}
