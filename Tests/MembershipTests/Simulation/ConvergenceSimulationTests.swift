import Membership
import Testing
import Transport

/// Joins, leaves, partitions and heals: every view must come back to one.
@Suite struct ConvergenceSimulationTests {
    /// Issue 4's bar: a 100-member cluster learns of a join within O(log n) probe
    /// periods. Ten newcomers join one after another (the cluster grows from 100 to
    /// 110); each is timed from its start to the last member's `memberUp`. Run with
    /// the anti-entropy sync on (the default) and off (gossip piggybacked on probes
    /// alone).
    @Test(arguments: [true, false])
    func joinReachesAHundredMembersInLogarithmicPeriods(withSync: Bool) throws {
        let settings = withSync ? try SWIMSettings() : try SWIMSettings(syncInterval: .seconds(3_600))
        var cluster = SimulatedCluster(settings: settings, seed: withSync ? 300 : 301, seedCount: 3)
        cluster.bootstrap(count: 100)
        var constants: [Double] = []
        var periods: [Double] = []
        for _ in 0..<10 {
            cluster.run(for: .seconds(3))
            let members = cluster.nodes.count
            let joinedAt = cluster.now
            let newcomer = cluster.addNode()
            let identity = cluster.nodes[newcomer].instance.myself.identity
            let everyone = cluster.run(until: { sim in
                (0..<members).allSatisfy { sim.nodes[$0].instance.member(at: identity.address)?.state == .alive }
            }, within: .seconds(60))
            #expect(everyone)
            let seen = cluster.firstObservations { $0.isUp && $0.member.identity == identity }
            let last = (0..<members).compactMap { seen[$0] }.max() ?? cluster.now
            let elapsed = (last - joinedAt).seconds / settings.probeInterval.seconds
            periods.append(elapsed)
            constants.append(elapsed / Figures.log2(members))
        }
        print("join dissemination, 100–110 members, sync \(withSync ? "on" : "off"): "
              + "periods mean \(Figures.format(Figures.mean(periods))) max \(Figures.format(periods.max() ?? .nan)); "
              + "periods / log2(n) mean \(Figures.format(Figures.mean(constants))) max \(Figures.format(constants.max() ?? .nan))")
        #expect(constants.allSatisfy { $0 <= 2 })
    }

    @Test func gracefulLeaveIsRecordedAsLeftNotDead() throws {
        let settings = try SWIMSettings()
        var cluster = SimulatedCluster(settings: settings, conditions: .init(loss: 0.05, delay: 1...20),
                                       seed: 21, seedCount: 3)
        cluster.bootstrap(count: 30)
        let leaver = 12
        let identity = cluster.nodes[leaver].instance.myself.identity
        cluster.leave(leaver)
        // The shell lets the leave go out, then stops the process.
        cluster.run(for: .milliseconds(200))
        cluster.crash(leaver, .killed)
        let settled = cluster.run(until: { sim in
            sim.runningIndices.allSatisfy { sim.nodes[$0].instance.member(at: identity.address)?.state == .left }
        }, within: .seconds(20))
        #expect(settled)
        cluster.run(for: .seconds(10))
        #expect(cluster.events(where: { $0.isDown }).isEmpty)
        let left = cluster.firstObservations { $0.isLeft && $0.member.identity == identity }
        #expect(Set(left.keys) == Set(cluster.nodes.indices))
        #expect(cluster.isConverged)
    }

    /// SWIM §4.2: a member that missed its probes for a moment is suspected, hears
    /// of it, and refutes with a higher incarnation; nobody declares it dead.
    @Test func falseSuspicionIsRefuted() throws {
        let settings = try SWIMSettings()
        var cluster = SimulatedCluster(settings: settings, seed: 31, seedCount: 3)
        cluster.bootstrap(count: 20)
        let start = cluster.now
        let victim = 9
        let others = cluster.nodes.indices.filter { $0 != victim }
        cluster.partition(others, from: [victim], bothWays: false)
        let settled2 = cluster.run(until: { !$0.events(where: { $0.isSuspect && $0.member.address == SimulatedCluster.address(victim) },
                                             since: start).isEmpty },
                            within: .seconds(10))
        #expect(settled2)
        cluster.heal()
        let settled3 = cluster.run(until: \.isConverged, within: .seconds(20))
        #expect(settled3)
        let address = SimulatedCluster.address(victim)
        #expect(cluster.nodes[victim].instance.myself.incarnation >= 1)
        #expect(!cluster.events(where: { $0.isReachable && $0.member.address == address }, since: start).isEmpty)
        #expect(cluster.events(where: \.isDown, since: start).isEmpty)
        #expect(others.allSatisfy { (cluster.nodes[$0].instance.member(at: address)?.incarnation ?? 0) >= 1 })
    }

    /// A two-way partition shorter than the suspicion timeout heals without deaths.
    @Test func shortPartitionHealsWithoutDeaths() throws {
        let settings = try SWIMSettings()
        var cluster = SimulatedCluster(settings: settings, conditions: .init(loss: 0.01, delay: 1...10),
                                       seed: 41, seedCount: 3)
        cluster.bootstrap(count: 40)
        let start = cluster.now
        cluster.partition([30, 31, 32, 33], from: Array(0..<30) + Array(34..<40))
        cluster.run(for: .milliseconds(1_500))
        cluster.heal()
        let settled4 = cluster.run(until: \.isConverged, within: .seconds(30))
        #expect(settled4)
        #expect(cluster.events(where: \.isDown, since: start).isEmpty)
    }

    /// Partition 2 | 3: the two step down (keep-majority) as soon as they suspect
    /// the three — before the three declare them dead — while the three keep
    /// serving; after the heal the two restart as new generations and every view
    /// is one again.
    @Test func partitionedMinorityStepsDownAndRejoins() throws {
        let settings = try SWIMSettings()
        var cluster = SimulatedCluster(settings: settings, seed: 51, seedCount: 3)
        cluster.bootstrap(count: 5)
        var downing = Array(repeating: KeepMajority(stableAfter: KeepMajority.stableAfter(settings: settings, members: 5)),
                            count: 5)
        func decide(_ sim: SimulatedCluster, _ index: Int) -> DowningDecision {
            downing[index].decide(view: sim.nodes[index].instance.members,
                                  myself: SimulatedCluster.address(index), now: sim.instant,
                                  lastHeard: { sim.nodes[index].instance.lastHeard(from: $0) })
        }
        for index in 0..<5 {
            #expect(!decide(cluster, index).isolated)
        }
        cluster.run(for: .seconds(10))
        for index in 0..<5 {
            #expect(!decide(cluster, index).isolated)
        }
        let minority = [3, 4]
        let majority = [0, 1, 2]
        cluster.partition(minority, from: majority)
        var isolatedAt: [Int: Duration] = [:]
        var firstDeathOfMinority: Duration?
        let partitionedAt = cluster.now
        while cluster.now < partitionedAt + .seconds(60), firstDeathOfMinority == nil || isolatedAt.count < minority.count
            || !majority.allSatisfy({ index in minority.allSatisfy { cluster.nodes[index].instance.member(at: SimulatedCluster.address($0))?.state == .dead } }) {
            cluster.run(for: .milliseconds(100))
            for index in minority where isolatedAt[index] == nil && decide(cluster, index).isolated {
                isolatedAt[index] = cluster.now
            }

            for index in majority {
                #expect(!decide(cluster, index).isolated)
                if firstDeathOfMinority == nil, minority.contains(where: {
                    cluster.nodes[index].instance.member(at: SimulatedCluster.address($0))?.state == .dead
                }) {
                    firstDeathOfMinority = cluster.now
                }
            }
        }
        let death = try #require(firstDeathOfMinority)
        #expect(isolatedAt.count == minority.count)
        print("partition 2 | 3: minority isolated after "
              + minority.map { Figures.format(((isolatedAt[$0] ?? cluster.now) - partitionedAt).seconds) + " s" }
                .joined(separator: ", ")
              + "; majority's first death of a minority member after \(Figures.format((death - partitionedAt).seconds)) s")
        cluster.run(for: .seconds(10))
        for index in minority {
            let decision = decide(cluster, index)

            #expect(decision.isolated && decision.rejoinRequired)
        }
        cluster.heal()
        for index in minority {
            cluster.restart(index)
        }
        let settled5 = cluster.run(until: \.isConverged, within: .seconds(30))
        #expect(settled5)
        for index in 0..<5 {
            #expect(!decide(cluster, index).isolated)
        }
    }

    /// Nodes join in a burst through three seeds while 3% of messages are lost, then
    /// a quarter of them leave and a few crash: every remaining view converges.
    @Test func viewsConvergeAfterChurn() throws {
        let settings = try SWIMSettings()
        var cluster = SimulatedCluster(settings: settings, conditions: .init(loss: 0.03, delay: 1...20),
                                       seed: 61, seedCount: 3)
        cluster.bootstrap(count: 60, spacing: .milliseconds(5))
        for index in stride(from: 40, to: 55, by: 1) {
            cluster.leave(index)
        }
        cluster.run(for: .milliseconds(300))
        for index in 40..<55 {
            cluster.crash(index, .killed)
        }
        cluster.crash(20)
        cluster.crash(21, .killed)
        let settled6 = cluster.run(until: \.isConverged, within: .seconds(60))
        #expect(settled6)
        let departed = (40..<55).map(SimulatedCluster.address)
        for index in cluster.runningIndices {
            let view = cluster.nodes[index].instance
            #expect(departed.allSatisfy { view.member(at: $0)?.state == .left })
        }
    }
}
