import Testing
@testable import Chaos

struct TimelineTests {
    @Test func hasOnePointPerSecondUpToTheEnd() {
        var records = RunRecords()
        records.endSeconds = 4.2
        #expect(Timeline.build(records, scenario: .timeline()).map(\.second) == [0, 1, 2, 3, 4])
        records.endSeconds = 3
        #expect(Timeline.build(records, scenario: .timeline()).map(\.second) == [0, 1, 2])
        records.endSeconds = 0.3
        #expect(Timeline.build(records, scenario: .timeline()).count == 1)
        records.endSeconds = 0
        #expect(Timeline.build(records, scenario: .timeline()).isEmpty)
    }

    @Test func countsArrivalsAndAcknowledgementsInTheirSecond() {
        var records = RunRecords()
        records.endSeconds = 3
        records.requests = [0.1, 0.9, 1.0, 2.5].map { RequestRecord(at: $0, latencyMs: 5, status: 201, retryAfter: false, queue: 1) }
        records.contacts = [contact("a", at: 0.1), contact("b", at: 1.0)]
        let timeline = Timeline.build(records, scenario: .timeline())
        #expect(timeline.map(\.arrivals) == [2, 1, 1])
        #expect(timeline.map(\.acknowledged) == [1, 1, 0])
    }

    @Test func queueRisesAndFallsAsContactsAreAnsweredOrAbandoned() {
        var records = RunRecords()
        records.endSeconds = 5
        records.contacts = [
            contact("answered", at: 0.5),
            contact("abandoned", at: 1.2),
            contact("lost", at: 2.0),
            contact("quick", at: 0.2),
        ]
        records.handlings = [
            handling("answered", agent: 1, acceptedAt: 2.5, completedAt: 4),
            // The earliest accept is the answer, even when another agent accepted it later.
            handling("quick", agent: 1, acceptedAt: 1.5, completedAt: 2),
            handling("quick", agent: 2, acceptedAt: 0.7, completedAt: 1.4),
        ]
        // Leaving exactly at the end of a second still counts as waiting then.
        records.abandons = [AbandonRecord(contactId: "abandoned", at: 3.0)]
        // Neither answered nor abandoned: it stays in the queue to the end, where nothing-lost flags it.
        records.finalStates = ["lost": "missing"]
        let timeline = Timeline.build(records, scenario: .timeline())
        #expect(timeline.map(\.queueLength) == [1, 2, 2, 1, 1])
    }

    @Test func serviceLevelJudgesTheArrivalsOfEachWindow() {
        var records = RunRecords()
        records.endSeconds = 9
        records.contacts = [
            contact("a", at: 0.0),
            contact("b", at: 1.5),
            contact("c", at: 2.5),
            contact("d", at: 3.2),
            contact("e", at: 4.0),
            contact("f", at: 8.5),
        ]
        records.handlings = [
            handling("a", agent: 1, acceptedAt: 1.0, completedAt: 2),
            handling("b", agent: 1, acceptedAt: 5.0, completedAt: 6),
            handling("e", agent: 2, acceptedAt: 4.5, completedAt: 6),
        ]
        records.abandons = [
            // Gave up within the target time: left out of the count.
            AbandonRecord(contactId: "c", at: 3.5),
            // Gave up after it: counted as missed.
            AbandonRecord(contactId: "d", at: 7.0),
            AbandonRecord(contactId: "f", at: 9.0),
        ]
        // Answered within 2 s, over the arrivals of the last 3 s: [s - 2, s + 1).
        let timeline = Timeline.build(records, scenario: .timeline(answeredWithinSeconds: 2, windowSeconds: 3))
        let expected: [Double?] = [
            1.0,  // a
            0.5,  // a in time, b late
            0.5,  // a, b; c left out
            0.0,  // b late, d missed
            0.5,  // d missed, e in time
            0.5,  // d, e
            1.0,  // e
            nil,  // nobody arrived
            nil,  // only f, who gave up at once
        ]
        #expect(timeline.map(\.serviceLevel) == expected)
    }

    @Test func occupancyCountsOnlyTheAgentsStillWorking() {
        var records = RunRecords()
        records.endSeconds = 4
        records.agents = [
            AgentRecord(agent: 1, region: "eu", capacity: ["voice": 1]),
            AgentRecord(agent: 2, region: "eu", capacity: ["voice": 1]),
            AgentRecord(agent: 3, region: "us", capacity: ["voice": 1], goneAt: 2.0),
        ]
        records.handlings = [
            // Completing exactly at the end of a second still holds the contact then.
            handling("x", agent: 1, acceptedAt: 0.5, completedAt: 2.0),
            handling("y", agent: 3, acceptedAt: 0.2, completedAt: nil),
            // An agent the run does not know is not in the share.
            handling("z", agent: 9, acceptedAt: 0.1, completedAt: nil),
        ]
        let occupancy = Timeline.build(records, scenario: .timeline()).map(\.occupancy)
        #expect(occupancy.count == 4)
        #expect(abs(occupancy[0] - 2.0 / 3.0) < 1e-9)
        // Agent 3 is gone by the end of second 1, so only agents 1 and 2 count.
        #expect(occupancy[1] == 0.5)
        #expect(occupancy[2] == 0)
        #expect(occupancy[3] == 0)
    }

    @Test func occupancyIsZeroWithoutAgents() {
        var records = RunRecords()
        records.endSeconds = 2
        records.handlings = [handling("x", agent: 1, acceptedAt: 0.5, completedAt: nil)]
        #expect(Timeline.build(records, scenario: .timeline()).map(\.occupancy) == [0, 0])
    }

    private func contact(_ id: String, at: Double) -> ContactRecord {
        ContactRecord(contactId: id, queue: 1, channel: "voice", at: at)
    }

    private func handling(_ id: String, agent: Int, acceptedAt: Double, completedAt: Double?) -> HandlingRecord {
        HandlingRecord(contactId: id, agent: agent, region: "eu", channel: "voice", acceptedAt: acceptedAt, completedAt: completedAt)
    }
}

extension Scenario {
    /// A one-region scenario whose only part the timeline reads is its service-level threshold.
    static func timeline(answeredWithinSeconds: Double = 10, windowSeconds: Double = 10) -> Scenario {
        Scenario(
            name: "timeline", description: "", seed: 7,
            cluster: ClusterShape(regions: [ClusterShape.Region(name: "eu", nodes: 1)]),
            tenant: TenantShape(queues: [TenantShape.Queue(id: 1, region: "eu")],
                                agents: [TenantShape.Agents(region: "eu", count: 2, capacity: ["voice": 1])]),
            load: LoadProfile(seconds: 10, arrivals: [LoadProfile.Arrivals(queue: 1, perSecond: 1)], channels: ["voice": 1],
                              handleSeconds: 5, patienceSeconds: 30),
            faults: [],
            thresholds: Thresholds(serviceLevel: Thresholds.ServiceLevel(answeredWithinSeconds: answeredWithinSeconds, target: 0.8,
                                                                        windowSeconds: windowSeconds)))
    }
}
