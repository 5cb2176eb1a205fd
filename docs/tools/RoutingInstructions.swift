// One phase of `switchboard bench routing` on the main thread, for callgrind: the same
// workload and driver, compiled with the routing core into one program (valgrind stops on
// the async command's worker thread). The measured loop is `measuredLoop`, which the
// script tells callgrind to count alone; setup and warm-up run uncounted.
//
// Arguments: agent|contact, measured iterations, warm-up iterations.
let arguments = CommandLine.arguments
let phase: BenchRoutingDriver.Phase = arguments.count > 1 && arguments[1] == "contact" ? .contactSurplus : .agentSurplus
let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 30_000 : 30_000
let warmUp = arguments.count > 3 ? Int(arguments[3]) ?? 100_000 : 100_000
// The bench's defaults: 10,000 agents, 200 queues, 50 skills, seed 7 (and 8 for the second phase).
let workload = try RoutingWorkload(agents: 10_000, queues: 200, skills: 50, seed: 7)
var driver = try BenchRoutingDriver(workload: workload, seed: phase == .agentSurplus ? 7 : 8)
driver.fill(phase)
for _ in 0..<warmUp { driver.iterate() }
driver.decisions = 0
driver.measuredLoop(iterations)
print("\(phase.rawValue): \(driver.decisions) decisions counted")

extension BenchRoutingDriver {
    /// The state `measure(phase:iterations:)` starts its timing from.
    mutating func fill(_ phase: Phase) {
        switch phase {
        case .agentSurplus:
            while connected.count - head < workload.agents.count / 2 { arrive() }
        case .contactSurplus:
            while engine.activeContactCount < workload.agents.count * 2 + 50_000 { arrive() }
        }
    }

    @inline(never)
    mutating func measuredLoop(_ iterations: Int) {
        for _ in 0..<iterations { iterate() }
    }
}
