@testable import Chaos
import Testing

/// What an agent or customer concludes from successive answers, and how the verdicts
/// treat the steps they could not be sure of.
struct StepOutcomeTests {
    @Test(arguments: [
        ([201], StepOutcome.confirmed),
        ([409], .refused),
        ([404], .refused),
        ([0, 200], .confirmed),
        ([503, 409], .unsure),
        ([0, 409], .unsure),
        ([429, 409], .unsure),
    ])
    func answersSettleAStep(_ statuses: [Int], _ outcome: StepOutcome) {
        #expect(StepOutcome.after(statuses) == outcome)
    }

    @Test(arguments: [[0], [503], [429], [0, 503]])
    func missingOrRetryableAnswersAskForAnotherAttempt(_ statuses: [Int]) {
        #expect(StepOutcome.after(statuses) == nil)
    }
}

struct UnsureStepVerdictTests {
    static func handling(_ id: String, agent: Int = 1, acceptConfirmed: Bool = true, completed: Bool,
                         completionUnsure: Bool = false) -> HandlingRecord {
        HandlingRecord(contactId: id, agent: agent, region: "cn-east", channel: "voice", acceptedAt: 2, completedAt: 6,
                       completed: completed, acceptConfirmed: acceptConfirmed, completionUnsure: completionUnsure)
    }

    @Test func anUnsureCompletionCountsWhenTheAuditFindsTheContactCompleted() {
        var records = RunRecords()
        records.contacts = [ContactRecord(contactId: "c1", queue: 1, channel: "voice", at: 1)]
        records.handlings = [Self.handling("c1", completed: false, completionUnsure: true)]
        records.finalStates = ["c1": "completed"]
        let verdict = Verdicts.nothingLost(records)
        #expect(verdict.passed, "\(verdict.detail)")
        #expect(verdict.figures["completed_per_audit"] == 1)

        records.finalStates = ["c1": "connected"]
        #expect(!Verdicts.nothingLost(records).passed)
    }

    @Test func aContactQueuedAgainAfterAConfirmedAcceptWasLost() {
        var records = RunRecords()
        records.contacts = [ContactRecord(contactId: "c1", queue: 1, channel: "voice", at: 1)]
        records.handlings = [Self.handling("c1", agent: 7, completed: false)]
        records.finalStates = ["c1": "queued"]
        let verdict = Verdicts.nothingLost(records)
        #expect(!verdict.passed)
        #expect(verdict.detail.contains("c1 (queued again after agent 7's confirmed accept)"), "\(verdict.detail)")
    }

    @Test func anUnconfirmedAbandonCountsOnlyWhenTheAuditFindsItAbandoned() {
        var records = RunRecords()
        records.contacts = [ContactRecord(contactId: "c1", queue: 1, channel: "voice", at: 1)]
        records.abandons = [AbandonRecord(contactId: "c1", at: 30, confirmed: false)]
        records.finalStates = ["c1": "abandoned"]
        #expect(Verdicts.nothingLost(records).passed)

        records.finalStates = ["c1": "missing"]
        #expect(!Verdicts.nothingLost(records).passed)
    }

    @Test func anAgentThatHeardNothingTwiceDidNotHoldTheContact() {
        var records = RunRecords()
        records.agents = [AgentRecord(agent: 1, region: "cn-east", capacity: ["voice": 1]),
                          AgentRecord(agent: 2, region: "cn-east", capacity: ["voice": 1])]
        records.handlings = [
            Self.handling("c1", agent: 1, acceptConfirmed: false, completed: false, completionUnsure: true),
            Self.handling("c1", agent: 2, completed: true),
            Self.handling("c2", agent: 1, completed: true),
        ]
        #expect(Verdicts.noDoubleHandling(records).passed)
        #expect(Verdicts.agentCapacity(records).passed)

        records.handlings[0].acceptConfirmed = true
        #expect(!Verdicts.noDoubleHandling(records).passed)
        #expect(!Verdicts.agentCapacity(records).passed)
    }
}
