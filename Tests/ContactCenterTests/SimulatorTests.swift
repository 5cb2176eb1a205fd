import ContactCenter
import Testing

/// The simulator, driving the real engine, against Erlang C and Erlang A, and on the
/// multi-region contact center.
@Suite struct SimulatorTests {
    /// Hours of arrivals per run: the heavier the load, the longer its correlation time, so
    /// N = 11 (91% occupancy) needs the longest run to stay within ±2 points.
    static let hours: [Int: Double] = [11: 1500, 12: 500, 13: 300, 14: 200, 15: 150, 16: 150]

    @Test(arguments: ErlangTests.published.map(\.agents))
    func mmnAgreesWithErlangC(agents: Int) throws {
        let published = ErlangTests.published.first { $0.agents == agents }!.serviceLevel
        let duration = Self.hours[agents]! * 3600
        let scenario = try SimulationScenario.singleQueue(
            arrivalsPerHour: 200, handleTime: .exponential(meanSeconds: 180), agents: agents, serviceLevelSeconds: 20,
            durationSeconds: duration, warmUpSeconds: 10 * 3600, seed: 20_240 + UInt64(agents))
        var simulator = try Simulator(scenario: scenario)
        let report = simulator.runToEnd()
        let measured = try #require(report.queues.first?.total.serviceLevel)
        #expect(abs(measured - published) <= 0.02, "N = \(agents): simulated \(measured), Erlang C \(published)")
        #expect(report.prediction?.model == "Erlang C")
        #expect(abs((report.prediction?.serviceLevel ?? 0) - published) < 0.001)
        #expect(report.queues.first?.total.abandoned == 0)
    }

    @Test(arguments: [(10, 120.0), (11, 300.0)])
    func mmnPlusMAgreesWithErlangA(agents: Int, patience: Double) throws {
        let scenario = try SimulationScenario.singleQueue(
            arrivalsPerHour: 200, handleTime: .exponential(meanSeconds: 180), agents: agents, serviceLevelSeconds: 20,
            patience: .exponential(meanSeconds: patience), durationSeconds: 400 * 3600, warmUpSeconds: 5 * 3600, seed: 77 + UInt64(agents))
        var simulator = try Simulator(scenario: scenario)
        let report = simulator.runToEnd()
        let erlang = ErlangA(agents: agents, arrivalsPerSecond: 200.0 / 3600, averageHandleSeconds: 180, averagePatienceSeconds: patience)
        let figures = try #require(report.queues.first?.total)
        let measured = try #require(figures.serviceLevel)
        let abandoned = try #require(figures.abandonRate)
        #expect(abs(measured - erlang.serviceLevel(thresholdSeconds: 20)) <= 0.02, "SL \(measured) vs Erlang A \(erlang.serviceLevel(thresholdSeconds: 20))")
        #expect(abs(abandoned - erlang.abandonProbability) <= 0.02, "abandon \(abandoned) vs Erlang A \(erlang.abandonProbability)")
        #expect(report.prediction?.model == "Erlang A")
    }

    @Test func theSameSeedGivesTheSameReport() throws {
        let scenario = try SimulationScenario.contactCenter(agents: 40, durationSeconds: 4 * 3600, seed: 5)
        var first = try Simulator(scenario: scenario)
        var second = try Simulator(scenario: scenario)
        #expect(first.runToEnd() == second.runToEnd())
    }

    @Test func theContactCenterDayExercisesEveryQueue() throws {
        // 09:00–11:00 with the 4x spike at 10:00 in region 1.
        var scenario = try SimulationScenario.contactCenter(agents: 60, durationSeconds: 11 * 3600, seed: 11)
        scenario.warmUpSeconds = 9 * 3600
        var simulator = try Simulator(scenario: scenario)
        let report = simulator.runToEnd()
        #expect(report.queues.count == 10)
        for queue in report.queues {
            #expect(queue.total.offered > 0, "\(queue.name) in \(queue.region)")
            #expect(queue.total.answered > 0, "\(queue.name) in \(queue.region)")
            #expect(queue.total.answered + queue.total.abandoned + queue.total.maxWaitExceeded == queue.total.offered - queue.total.refused)
            let occupancy = try #require(queue.total.occupancy)
            #expect(occupancy > 0 && occupancy <= 1)
        }
        let spike = report.queues[0].intervals[40] // 10:00–10:15 in region 1, billing
        let before = report.queues[0].intervals[38]
        #expect(spike.offered > 2 * before.offered, "the spike quadruples arrivals")
        #expect((spike.serviceLevel ?? 1) < (before.serviceLevel ?? 0), "and service level drops")
    }
}
