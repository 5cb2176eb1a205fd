import ArgumentParser
import ContactCenter
import Foundation

/// `switchboard simulate`: a discrete-event contact-center simulation in virtual time through
/// the real RoutingEngine, with Erlang C / Erlang A's prediction beside a single queue.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a contact center in virtual time through the real routing engine.",
        discussion: """
            A single M/M/N queue is described from flags alone — arrival rate, handle time, \
            agents and service-level threshold — and the report adds Erlang C's prediction:

              switchboard simulate --arrivals-per-hour 200 --handle-seconds 180 --agents 11 --sl-seconds 20 --hours 2000 --warm-up-hours 10

            (A = 200/h × 180 s = 10 Erlangs on 11 agents: Erlang C says SL(20 s) = 39.0%.) \
            Add --patience-seconds 120 for M/M/N+M (exponential patience) and Erlang A's prediction; \
            --handle-distribution lognormal and --profile daily|spike vary the demand.

            --scenario contact-center simulates two regions with five queues each (skills with \
            proficiency, voice, chat and WeChat, VIP line, bullseye widening, cross-queue and \
            cross-region overflow, a 4x spike at 10:00), splitting --agents between them.

            Figures are per queue and per 15-minute interval (by arrival): service level = answered \
            within the threshold / (answered + abandoned), ASA, abandon rate, occupancy of the agents \
            eligible for the queue. The same --seed gives the same report.
            """
    )

    enum Scenario: String, ExpressibleByArgument, CaseIterable {
        case singleQueue = "single-queue"
        case contactCenter = "contact-center"
    }

    enum Distribution: String, ExpressibleByArgument, CaseIterable {
        case exponential, lognormal
    }

    enum Profile: String, ExpressibleByArgument, CaseIterable {
        case flat, daily, spike
    }

    @Option(help: "single-queue (from the flags below) or contact-center.")
    var scenario: Scenario = .singleQueue

    @Option(help: "Single queue: Poisson arrivals per hour (the base rate of --profile).")
    var arrivalsPerHour = 200.0

    @Option(help: "Single queue: mean handle time in seconds.")
    var handleSeconds = 180.0

    @Option(help: "Single queue: exponential or lognormal handle times.")
    var handleDistribution: Distribution = .exponential

    @Option(help: "Single queue: coefficient of variation of lognormal handle times.")
    var handleCv = 1.0

    @Option(help: "Agents (single queue: identical; contact-center: split over two regions).")
    var agents = 11

    @Option(help: "Single queue: service-level threshold in seconds.")
    var slSeconds = 20.0

    @Option(help: "Single queue: mean exponential patience in seconds (default: callers never abandon).")
    var patienceSeconds: Double?

    @Option(help: "Single queue: flat, daily (two-peaked day) or spike (4x for 30 min at 10:00).")
    var profile: Profile = .flat

    @Option(help: "Hours of arrivals to simulate.")
    var hours = 24.0

    @Option(help: "Hours at the start left out of the figures (steady-state comparisons).")
    var warmUpHours = 0.0

    @Option(help: "Reporting interval in minutes.")
    var intervalMinutes = 15.0

    @Option(help: "Seed of every random draw.")
    var seed: UInt64 = 1

    @Flag(help: "Print the per-interval table even when it is long.")
    var allIntervals = false

    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    func validate() throws {
        guard arrivalsPerHour >= 0, handleSeconds > 0, handleCv > 0 else { throw ValidationError("rates and handle times must be positive") }
        guard agents >= 1 else { throw ValidationError("--agents must be at least 1") }
        guard slSeconds > 0 else { throw ValidationError("--sl-seconds must be positive") }
        guard patienceSeconds.map({ $0 > 0 }) ?? true else { throw ValidationError("--patience-seconds must be positive") }
        guard hours > 0, warmUpHours >= 0, warmUpHours < hours else { throw ValidationError("need --hours > --warm-up-hours >= 0") }
        guard intervalMinutes > 0 else { throw ValidationError("--interval-minutes must be positive") }
    }

    func run() throws {
        let scenario = try makeScenario()
        var simulator = try Simulator(scenario: scenario)
        let clock = ContinuousClock()
        let start = clock.now
        var lastProgress = start
        let chunk = 3600.0
        var until = chunk
        while !simulator.isFinished {
            simulator.run(until: until)
            until += chunk
            if clock.now - lastProgress > .seconds(1) {
                lastProgress = clock.now
                let simulated = min(simulator.now, scenario.durationSeconds) / 3600
                FileHandle.standardError.write(Data(String(
                    format: "simulate: %.1f / %.1f h virtual, %d events, %.1f s\n",
                    simulated, scenario.durationSeconds / 3600, simulator.steps, (clock.now - start).seconds).utf8))
            }
        }
        let report = simulator.report()
        let wall = (clock.now - start).seconds
        if json {
            StandardOutput.line(try SimulateJSON.encode(report, wallSeconds: wall))
        } else {
            StandardOutput.line(SimulateTable.render(report, wallSeconds: wall, allIntervals: allIntervals))
        }
    }

    func makeScenario() throws -> SimulationScenario {
        switch scenario {
        case .contactCenter:
            var scenario = try SimulationScenario.contactCenter(agents: agents, durationSeconds: hours * 3600, seed: seed)
            scenario.warmUpSeconds = warmUpHours * 3600
            scenario.intervalSeconds = intervalMinutes * 60
            return scenario
        case .singleQueue:
            let handle: HandleTimeDistribution = switch handleDistribution {
            case .exponential: .exponential(meanSeconds: handleSeconds)
            case .lognormal: .lognormal(meanSeconds: handleSeconds, coefficientOfVariation: handleCv)
            }
            let arrivalProfile: ArrivalProfile = switch profile {
            case .flat: .flat
            case .daily: .daily
            case .spike: .spike(startSeconds: 36_000, durationSeconds: 1_800, multiplier: 4)
            }
            return try SimulationScenario.singleQueue(
                arrivalsPerHour: arrivalsPerHour, handleTime: handle, agents: agents, serviceLevelSeconds: slSeconds,
                patience: patienceSeconds.map { .exponential(meanSeconds: $0) } ?? .infinite, profile: arrivalProfile,
                durationSeconds: hours * 3600, warmUpSeconds: warmUpHours * 3600, intervalSeconds: intervalMinutes * 60, seed: seed)
        }
    }
}

fileprivate extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
