import Membership
import Testing
import Transport

/// Keep-majority downing against a 2 | 3 partition, over many seeds, at the fast
/// probe settings the multi-process tests use.
///
/// The minority holds the lowest address, so an even split of a shrunken set would
/// go its way: if it ever agrees on a set without the majority's members, it can vote
/// itself the cluster step by step (5 → 4 → 2). The minority's probes of the majority
/// fail without nacks, so its local health multiplier rises and it probes ever more
/// slowly: a member it has not probed since the last change stays "alive" in its view
/// for longer than any fixed stability window.
struct MinorityAgreementSimulationTests {
    static let seeds: [UInt64] = Array(1...40)

    @Test(arguments: seeds)
    func aMinorityNeverAgreesWithoutTheMajority(seed: UInt64) throws {
        let settings = try SWIMSettings(probeInterval: .milliseconds(300), pingTimeout: .milliseconds(150),
                                        tickInterval: .milliseconds(50))
        var cluster = SimulatedCluster(settings: settings, seed: seed, seedCount: 3)
        cluster.bootstrap(count: 5)
        var downing = Array(repeating: KeepMajority(stableAfter: KeepMajority.stableAfter(settings: settings, members: 5)),
                            count: 5)
        func decide(_ index: Int) -> DowningDecision {
            downing[index].decide(view: cluster.nodes[index].instance.members,
                                  myself: SimulatedCluster.address(index), now: cluster.instant,
                                  lastHeard: { cluster.nodes[index].instance.lastHeard(from: $0) })
        }
        for _ in 0..<50 {
            cluster.run(for: .milliseconds(100))
            for index in 0..<5 { _ = decide(index) }
        }
        let everyone = Set((0..<5).map(SimulatedCluster.address))
        for index in 0..<5 {
            #expect(downing[index].agreed == everyone, "node \(index) did not agree on all five before the cut")
        }

        let minority = [0, 1]
        let majority = [2, 3, 4]
        let majorityAddresses = Set(majority.map(SimulatedCluster.address))
        cluster.partition(minority, from: majority)
        for _ in 0..<300 {
            cluster.run(for: .milliseconds(50))
            for index in 0..<5 {
                let decision = decide(index)
                if minority.contains(index) {
                    let dropped = majorityAddresses.subtracting(downing[index].agreed)
                    #expect(dropped.isEmpty, "seed \(seed): minority node \(index) agreed without \(dropped.count) of the majority")
                    if !dropped.isEmpty { return }
                } else {
                    #expect(!decision.isolated, "seed \(seed): majority node \(index) stepped down")
                }
            }
        }
        for index in minority {
            #expect(decide(index).isolated, "seed \(seed): minority node \(index) still serves 15 s after the cut")
        }
    }
}
