import ArgumentParser
import ContactCenter
import Foundation
import SeededRandom

/// `switchboard bench routing`: routing decisions per second and their latency on one core,
/// resident memory per queued contact, and the wall time of a simulated day.
struct BenchRoutingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing",
        abstract: "Routing decisions/s and latency, memory per queued contact, a simulated day (release build).",
        discussion: """
            Decisions: a domain of --agents agents (4 skills each, proficiency 1–5; 70% voice, 30% chat ×3), \
            --queues queues over --skills skills (all four strategies, bullseye rings, cross-queue overflow, \
            VIP contacts). Each iteration one contact arrives (a decision: an agent, or a place in the queue), \
            is accepted, and the longest-running conversation ends (a decision: the freed agent's next \
            contact, or back to the index). Phase 1 keeps half the agents idle (agent surplus), phase 2 keeps \
            a backlog waiting (contact surplus). Throughput is timed over whole iterations (accept and end \
            events included), latency per decision in a separate pass.
            """
    )

    @Option(help: "Agents in the routing domain.")
    var agents = 10_000

    @Option(help: "Queues in the routing domain.")
    var queues = 200

    @Option(help: "Distinct skills.")
    var skills = 50

    @Option(help: "Iterations per phase (two decisions each).")
    var iterations = 1_000_000

    @Option(help: "Contacts queued for the memory figure.")
    var queuedContacts = 1_000_000

    @Option(help: "Agents of the simulated 24-hour day (0 skips it).")
    var dayAgents = 500

    @Option(help: "Seed of the workload.")
    var seed: UInt64 = 7

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard agents >= 10, queues >= 1, skills >= 4 else { throw ValidationError("need --agents >= 10, --queues >= 1, --skills >= 4") }
        guard iterations >= 10_000 else { throw ValidationError("--iterations must be at least 10000") }
        guard queuedContacts >= 1_000 else { throw ValidationError("--queued-contacts must be at least 1000") }
        guard dayAgents >= 0 else { throw ValidationError("--day-agents must be >= 0") }
    }

    func run() throws {
        let workload = try RoutingWorkload(agents: agents, queues: queues, skills: skills, seed: seed)
        // Each phase's engine is released before the next is built, so the memory phase starts lean.
        let agentSurplus = try measure(.agentSurplus, workload: workload, seed: seed)
        let contactSurplus = try measure(.contactSurplus, workload: workload, seed: seed &+ 1)
        let memory = try BenchRoutingMemory.measure(workload: workload, contacts: queuedContacts)
        let day = try dayAgents > 0 ? BenchRoutingDay.measure(agents: dayAgents, seed: seed) : nil
        let report = BenchRoutingReport(agents: agents, queues: queues, skills: skills,
                                        phases: [agentSurplus, contactSurplus], memory: memory, day: day)
        StandardOutput.line(json ? report.json() : report.table())
    }

    func measure(_ phase: BenchRoutingDriver.Phase, workload: RoutingWorkload, seed: UInt64) throws -> BenchRoutingDriver.Figures {
        var driver = try BenchRoutingDriver(workload: workload, seed: seed)
        return driver.measure(phase: phase, iterations: iterations)
    }
}
