@testable import Chaos
import Testing

/// Hand-made run records and the scenario they are judged against: two regions, queue 1 in
/// cn-east overflowing after 10 s to queue 2 in cn-south, a minute of voice load.
enum Fixture {
    static func scenario() -> Scenario {
        Scenario(
            name: "baseline", description: "A steady minute of voice in two regions", seed: 7,
            cluster: ClusterShape(regions: [.init(name: "cn-east", nodes: 2), .init(name: "cn-south", nodes: 1)]),
            tenant: TenantShape(
                queues: [.init(id: 1, region: "cn-east", overflow: .init(afterSeconds: 10, queue: 2)),
                         .init(id: 2, region: "cn-south")],
                agents: [.init(region: "cn-east", count: 4, capacity: ["voice": 1, "chat": 2]),
                         .init(region: "cn-south", count: 2, capacity: ["voice": 1])]),
            load: LoadProfile(seconds: 60, arrivals: [.init(queue: 1, perSecond: 1)], channels: ["voice": 1],
                              handleSeconds: 5, patienceSeconds: 60),
            faults: [],
            thresholds: Thresholds(serviceLevel: .init(answeredWithinSeconds: 10, target: 0.8)))
    }

    static let spike = LoadProfile.Spike(factor: 4, fromSecond: 20, seconds: 10)
    static let spikeBounds = Thresholds.Spike(p99Milliseconds: 200, recoverWithinSeconds: 15)
    /// 80% answered within 10 s, over windows of 10 s.
    static let level = Thresholds.ServiceLevel(answeredWithinSeconds: 10, target: 0.8, windowSeconds: 10)

    static func contact(_ id: String, queue: Int = 1, channel: String = "voice", at: Double) -> ContactRecord {
        ContactRecord(contactId: id, queue: queue, channel: channel, at: at)
    }

    static func handling(_ id: String, agent: Int = 1, region: String = "cn-east", channel: String = "voice",
                         accepted: Double, completed: Double?) -> HandlingRecord {
        HandlingRecord(contactId: id, agent: agent, region: region, channel: channel, acceptedAt: accepted,
                       completedAt: completed)
    }

    static func request(at: Double, status: Int = 201, retryAfter: Bool = false, latencyMs: Double = 20) -> RequestRecord {
        RequestRecord(at: at, latencyMs: latencyMs, status: status, retryAfter: retryAfter, queue: 1)
    }
}

/// Every acknowledged contact is completed, abandoned or still queued (Jepsen's set-full).
@Suite struct NothingLostTests {
    @Test func completedAbandonedQueuedAndOfferedAreAccountedFor() {
        var records = RunRecords()
        records.contacts = (1...4).map { Fixture.contact("c\($0)", at: Double($0)) }
        records.handlings = [Fixture.handling("c1", accepted: 2, completed: 7)]
        records.abandons = [AbandonRecord(contactId: "c2", at: 30)]
        records.finalStates = ["c3": "queued", "c4": "offered"]

        let verdict = Verdicts.nothingLost(records)
        #expect(verdict.passed)
        #expect(verdict.figures["acknowledged"] == 4)
        #expect(verdict.figures["completed"] == 1)
        #expect(verdict.figures["abandoned"] == 1)
        #expect(verdict.figures["still_queued"] == 2)
        #expect(verdict.figures["lost"] == 0)
    }

    @Test func aContactTheAPINoLongerKnowsIsLost() {
        var records = RunRecords()
        records.contacts = (1...3).map { Fixture.contact("c\($0)", at: Double($0)) }
        // c3 was accepted but never completed, and the API has no state for it: an accept alone accounts for nothing.
        records.handlings = [Fixture.handling("c3", accepted: 4, completed: nil)]
        records.finalStates = ["c1": "queued", "c2": "missing"]

        let verdict = Verdicts.nothingLost(records)
        #expect(!verdict.passed)
        #expect(verdict.figures["lost"] == 2)
        #expect(verdict.figures["still_queued"] == 1)
        #expect(verdict.detail.contains("c2 (missing)"))
        #expect(verdict.detail.contains("c3 (missing)"))
        #expect(!verdict.detail.contains("c1"))
    }
}

/// No contact is accepted by two agents, or twice by one.
@Suite struct NoDoubleHandlingTests {
    @Test func eachContactHandledOnceIsKept() {
        var records = RunRecords()
        records.handlings = [
            Fixture.handling("c1", agent: 1, accepted: 1, completed: 5),
            Fixture.handling("c2", agent: 2, accepted: 2, completed: 6),
            Fixture.handling("c3", agent: 1, accepted: 5, completed: 9),
        ]

        let verdict = Verdicts.noDoubleHandling(records)
        #expect(verdict.passed)
        #expect(verdict.figures["handled"] == 3)
        #expect(verdict.figures["handled_twice"] == 0)
    }

    @Test func aContactAcceptedByTwoAgentsOrTwiceByOneIsCaught() {
        var records = RunRecords()
        records.handlings = [
            Fixture.handling("c1", agent: 1, accepted: 1, completed: 5),
            Fixture.handling("c1", agent: 4, region: "cn-south", accepted: 2, completed: 6),
            Fixture.handling("c2", agent: 2, accepted: 3, completed: 7),
            Fixture.handling("c2", agent: 2, accepted: 8, completed: 9),
            Fixture.handling("c3", agent: 3, accepted: 3, completed: 7),
        ]

        let verdict = Verdicts.noDoubleHandling(records)
        #expect(!verdict.passed)
        #expect(verdict.figures["handled"] == 3)
        #expect(verdict.figures["handled_twice"] == 2)
        #expect(verdict.detail.contains("c1 by agents 1 and 4"))
        #expect(verdict.detail.contains("c2 by agents 2 and 2"))
        #expect(!verdict.detail.contains("c3"))
    }
}

/// No agent holds more contacts of a channel at once than its capacity for it.
@Suite struct AgentCapacityTests {
    static let agents = [
        AgentRecord(agent: 1, region: "cn-east", capacity: ["voice": 1, "chat": 2]),
        AgentRecord(agent: 2, region: "cn-east", capacity: ["voice": 1, "chat": 2]),
    ]

    @Test func handlingsUpToCapacityAreKept() {
        var records = RunRecords()
        records.agents = Self.agents
        records.handlings = [
            Fixture.handling("c1", agent: 1, channel: "chat", accepted: 1, completed: 6),
            Fixture.handling("c2", agent: 1, channel: "chat", accepted: 2, completed: 7),
            Fixture.handling("c3", agent: 1, channel: "voice", accepted: 3, completed: 8),
            Fixture.handling("c4", agent: 2, channel: "voice", accepted: 4, completed: nil),
        ]

        let verdict = Verdicts.agentCapacity(records)
        #expect(verdict.passed)
        #expect(verdict.figures["agents_over_capacity"] == 0)
        #expect(verdict.figures["peak_share_of_capacity"] == 1)
    }

    /// A completion at t and the next accept at t are one after the other, not at once.
    @Test func backToBackHandlingsDoNotOverlap() {
        var records = RunRecords()
        records.agents = Self.agents
        records.handlings = [
            Fixture.handling("c2", agent: 1, accepted: 5, completed: 9),
            Fixture.handling("c1", agent: 1, accepted: 0, completed: 5),
            Fixture.handling("c3", agent: 1, accepted: 9, completed: nil),
        ]

        let verdict = Verdicts.agentCapacity(records)
        #expect(verdict.passed, "\(verdict.detail)")
        #expect(verdict.figures["agents_over_capacity"] == 0)
        #expect(verdict.figures["peak_share_of_capacity"] == 1)
    }

    @Test func overlappingVoiceHandlingsBreakAVoiceCapacityOfOne() {
        var records = RunRecords()
        records.agents = Self.agents
        records.handlings = [
            Fixture.handling("c1", agent: 1, accepted: 0, completed: 5),
            Fixture.handling("c2", agent: 1, accepted: 3, completed: 8),
            Fixture.handling("c3", agent: 2, accepted: 3, completed: 8),
        ]

        let verdict = Verdicts.agentCapacity(records)
        #expect(!verdict.passed)
        #expect(verdict.figures["agents_over_capacity"] == 1)
        #expect(verdict.figures["peak_share_of_capacity"] == 2)
        #expect(verdict.detail.contains("agent 1 held 2 voice contacts with capacity 1"))
        #expect(!verdict.detail.contains("agent 2"))
    }

    @Test func aHandlingNeverCompletedHoldsItsSlotToTheEnd() {
        var records = RunRecords()
        records.agents = Self.agents
        records.handlings = [
            Fixture.handling("c1", agent: 2, accepted: 0, completed: nil),
            Fixture.handling("c2", agent: 2, accepted: 30, completed: 35),
        ]

        let verdict = Verdicts.agentCapacity(records)
        #expect(!verdict.passed)
        #expect(verdict.detail.contains("agent 2 held 2 voice contacts with capacity 1"))
    }
}

/// Contacts that arrived before the first spike or fault meet the service-level target.
@Suite struct ServiceLevelTests {
    @Test func theSteadyStateBeforeTheFirstDisturbanceMeetsTheTarget() {
        var scenario = Fixture.scenario()
        scenario.load.spike = Fixture.spike
        scenario.thresholds.spike = Fixture.spikeBounds
        var records = RunRecords()
        records.loadSeconds = 60
        records.faults = [FaultRecord(label: "kill n1", at: 30, until: nil)]
        records.contacts = (1...6).map { Fixture.contact("c\($0)", at: Double($0)) }
            + [Fixture.contact("c25", at: 25)]
        records.handlings = (1...4).map { Fixture.handling("c\($0)", accepted: Double($0) + 3, completed: Double($0) + 8) }
            + [Fixture.handling("c5", accepted: 30, completed: 35)]
        // c6 gave up within the 10 s and is not counted; c25 arrived in the spike and is not judged here.
        records.abandons = [AbandonRecord(contactId: "c6", at: 8)]

        let verdict = Verdicts.serviceLevel(records, scenario: scenario)
        #expect(verdict.passed, "\(verdict.detail)")
        #expect(verdict.figures["service_level"] == 0.8)
        #expect(verdict.figures["contacts"] == 5)
        #expect(verdict.figures["steady_seconds"] == 20, "the spike at 20 s comes before the fault at 30 s")
    }

    @Test func tooFewAnsweredInTimeMissesTheTarget() {
        var records = RunRecords()
        records.loadSeconds = 60
        records.contacts = (1...5).map { Fixture.contact("c\($0)", at: Double($0)) }
        records.handlings = (1...3).map { Fixture.handling("c\($0)", accepted: Double($0) + 3, completed: Double($0) + 8) }
        // c4 was never answered; c5 gave up only after 15 s, so it counts as answered too late.
        records.abandons = [AbandonRecord(contactId: "c5", at: 20)]

        let verdict = Verdicts.serviceLevel(records, scenario: Fixture.scenario())
        #expect(!verdict.passed)
        #expect(verdict.figures["service_level"] == 0.6)
        #expect(verdict.figures["contacts"] == 5)
        #expect(verdict.figures["steady_seconds"] == 60)
        #expect(verdict.detail.contains("60.0% of 5 contacts"))
    }

    @Test func noContactBeforeTheFirstDisturbanceProvesNothing() {
        var records = RunRecords()
        records.loadSeconds = 60
        records.faults = [FaultRecord(label: "kill n1", at: 5, until: nil)]
        records.contacts = [Fixture.contact("c6", at: 6)]
        records.handlings = [Fixture.handling("c6", accepted: 7, completed: 9)]

        let verdict = Verdicts.serviceLevel(records, scenario: Fixture.scenario())
        #expect(!verdict.passed)
        #expect(verdict.detail.contains("no contact arrived"))
    }
}

/// During the spike every request is answered as the API promises, with a bounded p99.
@Suite struct SpikeAnsweredTests {
    struct Answer: Sendable, CustomTestStringConvertible {
        var status: Int
        var retryAfter: Bool
        var kept: Bool
        /// How the detail names it when it is not an answer the API promises.
        var says: String?

        var testDescription: String { "\(status)\(retryAfter ? " with Retry-After" : "")" }
    }

    static let answers = [
        Answer(status: 201, retryAfter: false, kept: true, says: nil),
        Answer(status: 429, retryAfter: true, kept: true, says: nil),
        Answer(status: 429, retryAfter: false, kept: false, says: "1 × 429"),
        Answer(status: 503, retryAfter: false, kept: false, says: "1 × 503"),
        Answer(status: 0, retryAfter: false, kept: false, says: "1 × no answer"),
    ]

    @Test(arguments: answers)
    func onlyPromisedAnswersKeepTheSpike(_ answer: Answer) {
        var records = RunRecords()
        records.requests = [
            Fixture.request(at: 19, status: 503),
            Fixture.request(at: 20),
            Fixture.request(at: 25, status: answer.status, retryAfter: answer.retryAfter),
            Fixture.request(at: 29.5),
            Fixture.request(at: 30, status: 0),
        ]

        let verdict = Verdicts.spikeAnswered(records, spike: Fixture.spike, bounds: Fixture.spikeBounds)
        #expect(verdict.passed == answer.kept, "\(verdict.detail)")
        #expect(verdict.figures["requests"] == 3, "the spike is [20 s, 30 s)")
        #expect(verdict.figures["unanswered"] == (answer.kept ? 0.0 : 1.0))
        #expect(verdict.figures["refused_429"] == (answer.status == 429 ? 1.0 : 0.0))
        if let says = answer.says {
            #expect(verdict.detail.contains(says))
        }
    }

    /// A hundred requests: the 99th percentile is the second slowest.
    static func hundredRequests(slow: Int) -> RunRecords {
        var records = RunRecords()
        records.requests = (0..<100).map { index in
            Fixture.request(at: 20 + Double(index) * 0.1, latencyMs: index < slow ? 500 : 10)
        }
        return records
    }

    @Test func oneSlowRequestInAHundredStaysWithinP99() {
        let verdict = Verdicts.spikeAnswered(Self.hundredRequests(slow: 1), spike: Fixture.spike, bounds: Fixture.spikeBounds)
        #expect(verdict.passed, "\(verdict.detail)")
        #expect(verdict.figures["p99_ms"] == 10)
        #expect(verdict.figures["requests"] == 100)
    }

    @Test func aP99OverTheBoundFails() {
        let verdict = Verdicts.spikeAnswered(Self.hundredRequests(slow: 2), spike: Fixture.spike, bounds: Fixture.spikeBounds)
        #expect(!verdict.passed)
        #expect(verdict.figures["p99_ms"] == 500)
        #expect(verdict.figures["unanswered"] == 0)
        #expect(verdict.detail.contains("p99 500 ms (bound 200 ms)"))
    }

    @Test func noRequestInTheSpikeProvesNothing() {
        var records = RunRecords()
        records.requests = [Fixture.request(at: 10), Fixture.request(at: 40)]

        let verdict = Verdicts.spikeAnswered(records, spike: Fixture.spike, bounds: Fixture.spikeBounds)
        #expect(!verdict.passed)
        #expect(verdict.figures["requests"] == 0)
    }
}

/// After the spike, a window of arrivals meets the service-level target again within the bound.
@Suite struct SpikeRecoveryTests {
    /// One contact a second from 20 s to 59 s: those of the spike answered after 12 s, those from
    /// its end until `backlogUntil` after 30 s, the rest after 2 s.
    static func records(backlogUntil: Int) -> RunRecords {
        var records = RunRecords()
        records.loadSeconds = 60
        for second in 20..<60 {
            let at = Double(second)
            let wait: Double = second < 30 ? 12 : second < backlogUntil ? 30 : 2
            records.contacts.append(Fixture.contact("c\(second)", at: at))
            records.handlings.append(Fixture.handling("c\(second)", accepted: at + wait, completed: at + wait + 5))
        }
        return records
    }

    /// Windows from 30, 31 and 32 s hold 5, 4 and 3 late contacts of 10; the window from 33 s
    /// holds 2, meets 80% and ends 13 s after the spike.
    @Test func theFirstWindowMeetingTheTargetSaysWhenItRecovered() {
        let verdict = Verdicts.spikeRecovery(Self.records(backlogUntil: 35), spike: Fixture.spike,
                                             bounds: Fixture.spikeBounds, level: Fixture.level)
        #expect(verdict.passed, "\(verdict.detail)")
        #expect(verdict.figures["recovered_after_seconds"] == 13)
        #expect(verdict.figures["service_level_during_spike"] == 0)
        #expect(verdict.figures["bound_seconds"] == 15)
    }

    @Test func recoveringAfterTheBoundFails() {
        let verdict = Verdicts.spikeRecovery(Self.records(backlogUntil: 40), spike: Fixture.spike,
                                             bounds: Fixture.spikeBounds, level: Fixture.level)
        #expect(!verdict.passed)
        #expect(verdict.figures["recovered_after_seconds"] == 18)
        #expect(verdict.detail.contains("18 s after the spike (bound 15 s)"))
    }

    @Test func neverRecoveringFails() {
        let verdict = Verdicts.spikeRecovery(Self.records(backlogUntil: 60), spike: Fixture.spike,
                                             bounds: Fixture.spikeBounds, level: Fixture.level)
        #expect(!verdict.passed)
        #expect(verdict.figures["recovered_after_seconds"] == nil)
        #expect(verdict.detail.contains("did not recover"))
    }
}

/// A contact still waiting at its queue's overflow time is answered in the overflow queue's
/// region within that time plus the tolerance (queue 1 → queue 2 after 10 s, tolerance 3 s).
@Suite struct OverflowReachTests {
    static let tolerance = 3.0

    /// A contact arriving at 0 s on queue 1 and answered in cn-south after 12 s.
    static let crossed = Fixture.contact("crossed", at: 0)
    static let crossedHandling = Fixture.handling("crossed", agent: 5, region: "cn-south", accepted: 12, completed: 17)

    @Test func aDueContactAnsweredInTheOverflowRegionInTimePasses() {
        var records = RunRecords()
        records.endSeconds = 90
        records.contacts = [
            Self.crossed,
            Fixture.contact("early", at: 1),
            Fixture.contact("direct", queue: 2, at: 2),
            Fixture.contact("gave-up", at: 3),
            Fixture.contact("too-recent", at: 85),
        ]
        records.handlings = [
            Self.crossedHandling,
            Fixture.handling("early", accepted: 5, completed: 10),
            Fixture.handling("direct", agent: 6, region: "cn-south", accepted: 40, completed: 45),
        ]
        records.abandons = [AbandonRecord(contactId: "gave-up", at: 12)]

        let verdict = Verdicts.overflowReach(records, tenant: Fixture.scenario().tenant, tolerance: Self.tolerance)
        #expect(verdict.passed, "\(verdict.detail)")
        #expect(verdict.figures["due"] == 1)
        #expect(verdict.figures["crossed"] == 1)
        #expect(verdict.figures["late"] == 0)
        #expect(verdict.figures["slowest_seconds"] == 12)
    }

    @Test func aContactAnsweredAtHomeJustAfterItsOverflowTimeWasServedInTime() {
        var records = RunRecords()
        records.endSeconds = 90
        records.contacts = [Self.crossed, Fixture.contact("home", at: 20)]
        records.handlings = [Self.crossedHandling,
                             Fixture.handling("home", agent: 1, region: "cn-east", accepted: 31, completed: 36)]

        let verdict = Verdicts.overflowReach(records, tenant: Fixture.scenario().tenant, tolerance: Self.tolerance)
        #expect(verdict.passed, "\(verdict.detail)")
        #expect(verdict.figures["due"] == 2)
        #expect(verdict.figures["crossed"] == 1)
    }

    struct Miss: Sendable, CustomTestStringConvertible {
        var testDescription: String
        /// How the contact arriving at 20 s was answered, if it was.
        var handling: HandlingRecord?
        var says: String
    }

    static let misses = [
        Miss(testDescription: "answered at home too late",
             handling: Fixture.handling("missed", agent: 1, region: "cn-east", accepted: 36, completed: 40),
             says: "missed answered in cn-east after 16.0 s"),
        Miss(testDescription: "answered in the overflow region too late",
             handling: Fixture.handling("missed", agent: 5, region: "cn-south", accepted: 35, completed: 40),
             says: "missed answered in cn-south after 15.0 s"),
        Miss(testDescription: "never answered", handling: nil, says: "missed never answered"),
    ]

    @Test(arguments: misses)
    func aDueContactThatMissesTheOverflowRegionFails(_ miss: Miss) {
        var records = RunRecords()
        records.endSeconds = 90
        records.contacts = [Self.crossed, Fixture.contact("missed", at: 20)]
        records.handlings = [Self.crossedHandling]
        if let handling = miss.handling { records.handlings.append(handling) }

        let verdict = Verdicts.overflowReach(records, tenant: Fixture.scenario().tenant, tolerance: Self.tolerance)
        #expect(!verdict.passed)
        #expect(verdict.figures["due"] == 2)
        #expect(verdict.figures["late"] == 1)
        #expect(verdict.detail.contains(miss.says), "\(verdict.detail)")
        #expect(!verdict.detail.contains("crossed answered"))
    }

    @Test func noContactCrossingProvesNothing() {
        var records = RunRecords()
        records.endSeconds = 90
        records.contacts = [Fixture.contact("early", at: 1)]
        records.handlings = [Fixture.handling("early", accepted: 5, completed: 10)]

        let nothingDue = Verdicts.overflowReach(records, tenant: Fixture.scenario().tenant, tolerance: Self.tolerance)
        #expect(!nothingDue.passed)
        #expect(nothingDue.figures["due"] == 0)
        #expect(nothingDue.detail.contains("no contact crossed"))

        records.contacts.append(Fixture.contact("stayed", at: 20))
        records.handlings.append(Fixture.handling("stayed", accepted: 31, completed: 36))
        let nothingCrossed = Verdicts.overflowReach(records, tenant: Fixture.scenario().tenant, tolerance: Self.tolerance)
        #expect(!nothingCrossed.passed)
        #expect(nothingCrossed.figures["due"] == 1)
        #expect(nothingCrossed.figures["crossed"] == 0)
        #expect(nothingCrossed.detail.contains("no contact crossed to the overflow region (1 were due)"))
    }
}

/// Every measured failover (or convergence) happened, within its bound.
@Suite struct RecoveryTests {
    @Test func everyMeasuredFailoverWithinTheBoundPasses() {
        var records = RunRecords()
        records.recoveries = [
            RecoveryRecord(kind: .failover, fault: "kill n1", at: 30, seconds: 2.5),
            RecoveryRecord(kind: .failover, fault: "region cn-south down", at: 40, seconds: 4),
            RecoveryRecord(kind: .convergence, fault: "kill n1, restart after 10 s", at: 40, seconds: 20),
        ]

        let verdict = Verdicts.recovery(records, kind: .failover, bound: 5)
        #expect(verdict.passed, "\(verdict.detail)")
        #expect(verdict.figures["measured"] == 2)
        #expect(verdict.figures["worst_seconds"] == 4)
        #expect(verdict.figures["over_bound"] == 0)
    }

    struct Slow: Sendable, CustomTestStringConvertible {
        var seconds: Double?
        var says: String
        var testDescription: String { says }
    }

    static let slowFailovers = [
        Slow(seconds: nil, says: "kill n2 (never)"),
        Slow(seconds: 7.5, says: "kill n2 (7.5 s)"),
    ]

    @Test(arguments: slowFailovers)
    func aFailoverNeverMeasuredOrOverTheBoundFails(_ slow: Slow) {
        var records = RunRecords()
        records.recoveries = [
            RecoveryRecord(kind: .failover, fault: "kill n1", at: 20, seconds: 2.5),
            RecoveryRecord(kind: .failover, fault: "kill n2", at: 40, seconds: slow.seconds),
        ]

        let verdict = Verdicts.recovery(records, kind: .failover, bound: 5)
        #expect(!verdict.passed)
        #expect(verdict.figures["over_bound"] == 1)
        #expect(verdict.detail.contains(slow.says), "\(verdict.detail)")
        #expect(!verdict.detail.contains("kill n1"))
    }

    @Test func nothingMeasuredFails() {
        var records = RunRecords()
        #expect(!Verdicts.recovery(records, kind: .failover, bound: 5).passed)

        records.recoveries = [RecoveryRecord(kind: .convergence, fault: "pause n2 10 s", at: 30, seconds: 3)]
        let verdict = Verdicts.recovery(records, kind: .failover, bound: 5)
        #expect(!verdict.passed, "a convergence is no failover")
        #expect(verdict.figures["measured"] == 0)
        #expect(verdict.detail.contains("nothing was measured"))
    }
}

/// `Verdicts.judge` asks for the verdicts whose scenario parts and thresholds are present.
@Suite struct JudgeTests {
    static let steadyState: Set<String> = ["nothing-lost", "no-double-handling", "agent-capacity", "service-level"]

    @Test func aScenarioWithoutSpikeOrFailoverIsJudgedOnTheSteadyState() throws {
        let scenario = Fixture.scenario()
        try scenario.validate()

        let verdicts = Verdicts.judge(RunRecords(), scenario: scenario)
        #expect(Set(verdicts.keys) == Self.steadyState)
    }

    @Test func aSpikeAddsTheSpikeVerdicts() throws {
        var scenario = Fixture.scenario()
        scenario.load.spike = Fixture.spike
        scenario.thresholds.spike = Fixture.spikeBounds
        try scenario.validate()

        let verdicts = Verdicts.judge(RunRecords(), scenario: scenario)
        #expect(Set(verdicts.keys) == Self.steadyState.union(["spike-answered", "spike-recovery"]))
    }

    @Test func aFailoverBoundAddsTheFailoverVerdict() throws {
        var scenario = Fixture.scenario()
        scenario.faults = [FaultStep(at: 30, kind: .kill, node: "primary:cn-east")]
        scenario.thresholds.failoverSeconds = 5
        try scenario.validate()
        var records = RunRecords()
        records.recoveries = [RecoveryRecord(kind: .failover, fault: "kill primary:cn-east", at: 30, seconds: 6)]

        let verdicts = Verdicts.judge(records, scenario: scenario)
        #expect(Set(verdicts.keys) == Self.steadyState.union(["failover"]))
        let failover = try #require(verdicts["failover"])
        #expect(!failover.passed, "6 s is over the scenario's 5 s")
        #expect(failover.figures["bound_seconds"] == 5)
    }
}

/// Every acknowledged contact reaches its customer's session, once.
@Suite struct SessionsCompleteTests {
    func records(sessions: [String: [String]]) -> RunRecords {
        var records = RunRecords()
        records.contacts = [
            ContactRecord(contactId: "c1", queue: 1, channel: "voice", at: 1, customer: 7),
            ContactRecord(contactId: "c2", queue: 2, channel: "chat", at: 2, customer: 7),
            ContactRecord(contactId: "c3", queue: 1, channel: "voice", at: 3, customer: 8),
        ]
        records.sessions = sessions
        return records
    }

    @Test func contactsInTheirSessionsOncePass() {
        let verdict = Verdicts.sessionsComplete(records(sessions: ["7": ["c1", "c2"], "8": ["c0", "c3"]]))
        #expect(verdict.passed, "\(verdict.detail)")
        #expect(verdict.figures["audited"] == 3)
        #expect(verdict.figures["customers"] == 2)
        #expect(verdict.figures["missing"] == 0)
    }

    @Test func aMissingContactOrOneHeldTwiceFails() {
        let missing = Verdicts.sessionsComplete(records(sessions: ["7": ["c1"], "8": ["c3"]]))
        #expect(!missing.passed)
        #expect(missing.figures["missing"] == 1)
        #expect(missing.detail.contains("c2 (customer 7)"))

        let twice = Verdicts.sessionsComplete(records(sessions: ["7": ["c1", "c2", "c1"], "8": ["c3"]]))
        #expect(!twice.passed)
        #expect(twice.figures["twice"] == 1)

        // A session that was never read is as good as empty.
        #expect(Verdicts.sessionsComplete(records(sessions: ["7": ["c1", "c2"]])).figures["missing"] == 1)
    }

    /// Records of runs before customers were recorded have nothing to audit.
    @Test func recordsWithoutCustomersAreNotJudged() {
        var records = RunRecords()
        records.contacts = [Fixture.contact("c1", at: 1)]
        #expect(Verdicts.judge(records, scenario: Fixture.scenario())["sessions-complete"] == nil)
        #expect(Verdicts.judge(self.records(sessions: [:]), scenario: Fixture.scenario())["sessions-complete"]?.passed == false)
    }
}
