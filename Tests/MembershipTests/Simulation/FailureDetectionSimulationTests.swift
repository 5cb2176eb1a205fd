import Membership
import Testing
import Transport

/// Crashes, restarts, loss and slow nodes in clusters of 20 to 100 simulated members.
@Suite struct FailureDetectionSimulationTests {
    /// The bound every live member must declare a crashed one dead within, derived
    /// from the settings: the first probe of the crashed member starts within two
    /// periods (with n − 1 probers in round-robin order, one hits it in each period
    /// with probability 1 − (1 − 1/(n − 1))^(n − 1) ≈ 63%, so two periods miss it
    /// with probability ~14%, three ~5%); one more period ends that probe; the
    /// longest suspicion timeout (no confirmations); then dissemination of the
    /// death, 2·⌈log2 n⌉ periods. Members that hear of the suspicion start their own
    /// timers, so this is loose; the measured figures are far below it.
    static func detectionBound(_ settings: SWIMSettings, members n: Int) -> Duration {
        let timeout = SuspicionTimeout(settings: settings, members: n)
        let disseminationPeriods = 2 * Int(Figures.log2(n).rounded(.up))
        return settings.probeInterval * (4 + disseminationPeriods) + timeout.longest
    }

    @Test(arguments: [SimulatedCluster.Crash.stopped, .killed])
    func crashedMemberIsDeclaredDeadByEveryoneWithinTheBound(kind: SimulatedCluster.Crash) throws {
        let settings = try SWIMSettings()
        var cluster = SimulatedCluster(settings: settings, seed: 42, seedCount: 3)
        cluster.bootstrap(count: 50)
        cluster.run(for: .seconds(5))
        let victim = 17
        let crashedAt = cluster.now
        let identity = cluster.nodes[victim].instance.myself.identity
        cluster.crash(victim, kind)
        let bound = Self.detectionBound(settings, members: 50)
        let allDetected = cluster.run(until: { sim in
            sim.runningIndices.allSatisfy { sim.nodes[$0].instance.member(at: identity.address)?.state == .dead }
        }, within: bound)
        #expect(allDetected, "not every member declared \(identity) dead within \(bound)")
        let detected = cluster.firstObservations { $0.isDown && $0.member.identity == identity }
        let times = detected.values.map { ($0 - crashedAt).seconds }
        print("detection, 50 members, \(kind): first \(Figures.format(times.min() ?? .nan)) s, "
              + "p50 \(Figures.format(Figures.quantile(times, 0.5))) s, last \(Figures.format(times.max() ?? .nan)) s, "
              + "bound \(bound)")
        #expect(cluster.events(where: { $0.isDown && $0.member.identity != identity }).isEmpty)
    }

    /// Issue 4's bar, in simulation: with 5 members a SIGKILLed one is dead at every
    /// other within 5 s. Twenty runs with different seeds and crash moments.
    @Test func fiveMemberClusterDetectsAKillWithinFiveSeconds() throws {
        let settings = try SWIMSettings()
        var killed: [Double] = []
        var stopped: [Double] = []
        for run in 0..<20 {
            for kind in [SimulatedCluster.Crash.killed, .stopped] {
                var cluster = SimulatedCluster(settings: settings, seed: 1_000 + UInt64(run), seedCount: 3)
                cluster.bootstrap(count: 5)
                cluster.run(for: .seconds(3) + .milliseconds(137 * run))
                let victim = 1 + run % 4
                let address = SimulatedCluster.address(victim)
                let crashedAt = cluster.now
                cluster.crash(victim, kind)
                let detected = cluster.run(until: { sim in
                    sim.runningIndices.allSatisfy { sim.nodes[$0].instance.member(at: address)?.state == .dead }
                }, within: .seconds(30))
                #expect(detected)
                let elapsed = (cluster.now - crashedAt).seconds
                if kind == .killed { killed.append(elapsed) } else { stopped.append(elapsed) }
            }
        }
        print("detection, 5 members, 20 runs: killed p50 \(Figures.format(Figures.quantile(killed, 0.5))) s "
              + "p99 \(Figures.format(Figures.quantile(killed, 0.99))) s; stopped p50 "
              + "\(Figures.format(Figures.quantile(stopped, 0.5))) s p99 \(Figures.format(Figures.quantile(stopped, 0.99))) s")
        // Checked every 100 ms of virtual time, so figures are rounded up to that.
        #expect(Figures.quantile(killed, 0.99) <= 5.0)
    }

    @Test func noFalsePositivesUnderLossAndDelay() throws {
        let settings = try SWIMSettings()
        var cluster = SimulatedCluster(settings: settings, seed: 7, seedCount: 3)
        cluster.bootstrap(count: 100)
        let start = cluster.now
        cluster.conditions = .init(loss: 0.05, delay: 1...40)
        cluster.run(for: .seconds(60))
        let suspicions = cluster.events(where: \.isSuspect, since: start).count
        let downs = cluster.events(where: \.isDown, since: start)
        print("100 members, 5% loss, 1–40 ms delay, 60 s: \(suspicions) suspicions published, "
              + "\(downs.count) downs, \(cluster.messagesSent) messages")
        #expect(downs.isEmpty, "false positives: \(downs.prefix(5).map(\.event))")
        cluster.conditions = .init()
        let settled = cluster.run(until: \.isConverged, within: .seconds(30))
        #expect(settled)
    }

    /// Lifeguard §4.3: a node that handles its messages up to 1.5 s late (its
    /// timers on time: the inbound queue of a starved process) sees acks and nacks
    /// miss their deadlines. It raises its local health score and stretches its
    /// timeouts instead of accusing healthy peers, and the suspicion timeout gives
    /// it time to refute what others suspect of it.
    @Test func slowNodeRaisesLocalHealthWithoutFalsePositives() throws {
        let settings = try SWIMSettings()
        var cluster = SimulatedCluster(settings: settings, seed: 11, seedCount: 3)
        cluster.bootstrap(count: 20)
        let start = cluster.now
        let slow = 5
        cluster.setSlowness(slow, messageLag: 1_500, tickLag: 0)
        cluster.run(for: .seconds(60))
        let downs = cluster.events(where: \.isDown, since: start)
        let healthy = cluster.nodes.indices.filter { $0 != slow }.map { cluster.nodes[$0].maxLocalHealth }
        print("slow node: its max local health \(cluster.nodes[slow].maxLocalHealth), others' max "
              + "\(healthy.max() ?? 0); suspicions \(cluster.events(where: \.isSuspect, since: start).count)")
        #expect(cluster.nodes[slow].maxLocalHealth > 0)
        #expect(downs.isEmpty, "false positives: \(downs.prefix(5).map(\.event))")
    }

    @Test func restartedMemberRejoinsAsANewGeneration() throws {
        let settings = try SWIMSettings()
        var cluster = SimulatedCluster(settings: settings, seed: 5, seedCount: 3)
        cluster.bootstrap(count: 20)
        let victim = 4
        let old = cluster.nodes[victim].instance.myself.identity
        cluster.crash(victim, .killed)
        let settled2 = cluster.run(until: { sim in
            sim.runningIndices.allSatisfy { sim.nodes[$0].instance.member(at: old.address)?.state == .dead }
        }, within: .seconds(30))
        #expect(settled2)
        cluster.restart(victim)
        let settled3 = cluster.run(until: \.isConverged, within: .seconds(30))
        #expect(settled3)
        let new = cluster.nodes[victim].instance.myself.identity
        #expect(new.generation == old.generation + 1)
        let sawNew = cluster.firstObservations { $0.isUp && $0.member.identity == new }
        #expect(Set(sawNew.keys) == Set(cluster.nodes.indices))
    }

    /// A stopped process that comes back (SIGCONT) after being declared dead learns it
    /// is dead — dead is final for an identity — and says so, for the shell to
    /// restart it as a new generation.
    @Test func zombieLearnsItIsDead() throws {
        let settings = try SWIMSettings()
        var cluster = SimulatedCluster(settings: settings, seed: 6, seedCount: 3)
        cluster.bootstrap(count: 10)
        let zombie = 7
        let identity = cluster.nodes[zombie].instance.myself.identity
        cluster.crash(zombie, .stopped)
        let settled4 = cluster.run(until: { sim in
            sim.runningIndices.allSatisfy { sim.nodes[$0].instance.member(at: identity.address)?.state == .dead }
        }, within: .seconds(30))
        #expect(settled4)
        cluster.resume(zombie)
        let settled5 = cluster.run(until: { $0.nodes[zombie].instance.myself.state == .dead }, within: .seconds(10))
        #expect(settled5)
        let selfDown = cluster.events(where: { $0.isDown && $0.member.identity == identity })
            .filter { $0.observer == zombie }
        #expect(selfDown.count == 1)
        let others = cluster.nodes.indices.filter { $0 != zombie }
        #expect(others.allSatisfy { cluster.nodes[$0].instance.member(at: identity.address)?.state == .dead })
    }

    @Test func sameSeedReplaysTheSameRun() throws {
        func run() throws -> [String] {
            var cluster = SimulatedCluster(settings: try SWIMSettings(), conditions: .init(loss: 0.05, delay: 1...30),
                                           seed: 99, seedCount: 2)
            cluster.bootstrap(count: 15)
            cluster.crash(3)
            cluster.run(for: .seconds(20))
            return cluster.observations.map { "\($0.time) \($0.observer) \($0.event)" }
        }
        #expect(try run() == run())
    }
}
