@testable import Chaos
import Foundation
import Testing

/// Scenario files decode into `Scenario`, and every mistake comes back as a `ScenarioError`
/// naming the field at fault.
@Suite struct ScenarioFileTests {
    /// A complete, valid scenario in sections, so that each broken variant changes one of them.
    struct ScenarioText: Sendable {
        var head = """
            name: kill-primary-under-spike
            description: The primary of cn-east dies after a fourfold spike and comes back.
            seed: 42
            """
        var cluster = """
            cluster:
              regions:
                - name: cn-east
                  nodes: 2
                - name: cn-south
                  nodes: 1
              probeIntervalMs: 250
            """
        var tenant = """
            tenant:
              queues:
                - id: 1
                  region: cn-east
                  overflow:
                    afterSeconds: 10
                    queue: 2
                - id: 2
                  region: cn-south
              agents:
                - region: cn-east
                  count: 4
                  capacity: {voice: 1, chat: 2}
                  wrapUpSeconds: 2
                - region: cn-south
                  count: 2
                  capacity: {voice: 1}
                  wrapUpSeconds: 1
            """
        var load = """
            load:
              seconds: 60
              drainSeconds: 15
              arrivals:
                - queue: 1
                  perSecond: 2
              spike:
                factor: 4
                fromSecond: 20
                seconds: 10
              channels: {voice: 3, chat: 1}
              handleSeconds: 8
              minimumHandleSeconds: 2
              patienceSeconds: 45
              customers: 500
            """
        var faults = """
            faults:
              - at: 40
                kind: kill
                node: "primary:cn-east"
                restartAfter: 10
            """
        var thresholds = """
            thresholds:
              serviceLevel:
                answeredWithinSeconds: 10
                target: 0.8
                windowSeconds: 5
              spike:
                p99Milliseconds: 250
                recoverWithinSeconds: 15
              overflowToleranceSeconds: 3
              failoverSeconds: 5
              convergenceSeconds: 8
            """

        var yaml: String {
            [head, cluster, tenant, load, faults, thresholds].filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
        }
    }

    @Test func aCompleteScenarioDecodesEveryField() throws {
        let scenario = try ScenarioFile.parse(ScenarioText().yaml)

        let expected = Scenario(
            name: "kill-primary-under-spike",
            description: "The primary of cn-east dies after a fourfold spike and comes back.",
            seed: 42,
            cluster: ClusterShape(regions: [.init(name: "cn-east", nodes: 2), .init(name: "cn-south", nodes: 1)],
                                  probeIntervalMs: 250),
            tenant: TenantShape(
                queues: [.init(id: 1, region: "cn-east", overflow: .init(afterSeconds: 10, queue: 2)),
                         .init(id: 2, region: "cn-south")],
                agents: [.init(region: "cn-east", count: 4, capacity: ["voice": 1, "chat": 2], wrapUpSeconds: 2),
                         .init(region: "cn-south", count: 2, capacity: ["voice": 1], wrapUpSeconds: 1)]),
            load: LoadProfile(seconds: 60, drainSeconds: 15, arrivals: [.init(queue: 1, perSecond: 2)],
                              spike: .init(factor: 4, fromSecond: 20, seconds: 10), channels: ["voice": 3, "chat": 1],
                              handleSeconds: 8, minimumHandleSeconds: 2, patienceSeconds: 45, customers: 500),
            faults: [FaultStep(at: 40, kind: .kill, node: "primary:cn-east", restartAfter: 10)],
            thresholds: Thresholds(serviceLevel: .init(answeredWithinSeconds: 10, target: 0.8, windowSeconds: 5),
                                   spike: .init(p99Milliseconds: 250, recoverWithinSeconds: 15),
                                   overflowToleranceSeconds: 3, failoverSeconds: 5, convergenceSeconds: 8))
        #expect(scenario == expected)

        #expect(scenario.cluster.nodeNames == ["n1", "n2", "n3"])
        #expect(scenario.cluster.nodes(in: "cn-south") == ["n3"])
        #expect(scenario.tenant.queue(1)?.overflow == TenantShape.Overflow(afterSeconds: 10, queue: 2))
        #expect(scenario.load.spike?.until == 30)
        #expect(scenario.load.factor(at: 25) == 4)
        #expect(scenario.load.factor(at: 30) == 1)
        #expect(scenario.faults.map(\.label) == ["kill primary:cn-east, restart after 10 s"])
    }

    @Test func optionalFieldsTakeTheirDefaults() throws {
        let scenario = try ScenarioFile.parse("""
            name: minimal
            cluster:
              regions:
                - {name: cn-east, nodes: 1}
            tenant:
              queues:
                - {id: 1, region: cn-east}
              agents:
                - {region: cn-east, count: 2, capacity: {voice: 1}}
            load:
              seconds: 30
              arrivals:
                - {queue: 1, perSecond: 1}
              channels: {voice: 1}
              handleSeconds: 5
              patienceSeconds: 30
            thresholds:
              serviceLevel: {answeredWithinSeconds: 20, target: 0.8}
            """)

        #expect(scenario.description == "")
        #expect(scenario.seed == 1)
        #expect(scenario.faults.isEmpty)
        #expect(scenario.cluster.probeIntervalMs == 500)
        #expect(scenario.tenant.agents.first?.wrapUpSeconds == 1)
        #expect(scenario.load.drainSeconds == 20)
        #expect(scenario.load.minimumHandleSeconds == 1)
        #expect(scenario.load.customers == 1_000)
        #expect(scenario.load.spike == nil)
        #expect(scenario.thresholds.serviceLevel.windowSeconds == 10)
        #expect(scenario.thresholds.spike == nil)
        #expect(scenario.thresholds.failoverSeconds == nil)
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        var testDescription: String
        /// Where the error must point.
        var path: String
        var yaml: String
    }

    static func broken(_ what: String, at path: String, _ change: (inout ScenarioText) -> Void) -> Broken {
        var text = ScenarioText()
        change(&text)
        return Broken(testDescription: what, path: path, yaml: text.yaml)
    }

    static let brokenScenarios: [Broken] = [
        broken("no load", at: "load") { $0.load = "" },
        broken("a string where a number belongs", at: "load.seconds") {
            $0.load = $0.load.replacingOccurrences(of: "seconds: 60", with: "seconds: sixty")
        },
        broken("a queue without a region", at: "tenant.queues[1].region") {
            $0.tenant = $0.tenant.replacingOccurrences(of: "      region: cn-south\n", with: "")
        },
        broken("an unknown fault kind", at: "faults[0].kind") {
            $0.faults = $0.faults.replacingOccurrences(of: "kind: kill", with: "kind: explode")
        },
        broken("a negative arrival rate", at: "load.arrivals[0].perSecond") {
            $0.load = $0.load.replacingOccurrences(of: "perSecond: 2", with: "perSecond: -1")
        },
        broken("an unknown channel in an agent's capacity", at: "tenant.agents[0].capacity.fax") {
            $0.tenant = $0.tenant.replacingOccurrences(of: "capacity: {voice: 1, chat: 2}", with: "capacity: {voice: 1, fax: 2}")
        },
        broken("a fault after the load ends", at: "faults[0].at") {
            $0.faults = $0.faults.replacingOccurrences(of: "at: 40", with: "at: 75")
        },
        broken("a fault naming a node the cluster lacks", at: "faults[0].node") {
            $0.faults = $0.faults.replacingOccurrences(of: "\"primary:cn-east\"", with: "n9")
        },
        broken("a fault naming the primary of a region the cluster lacks", at: "faults[0].node") {
            $0.faults = $0.faults.replacingOccurrences(of: "primary:cn-east", with: "primary:mars")
        },
        broken("a partition isolating every node", at: "faults[0].isolate") {
            $0.faults = """
                faults:
                  - {at: 20, kind: partition, isolate: [n1, n2, n3], seconds: 10}
                """
        },
        broken("a spike past the load's end", at: "load.spike") {
            $0.load = $0.load.replacingOccurrences(of: "fromSecond: 20", with: "fromSecond: 55")
        },
        broken("a misspelt key", at: "load.spkie") {
            $0.load = $0.load.replacingOccurrences(of: "spike:", with: "spkie:")
        },
        broken("a misspelt key in a fault", at: "faults[0].restartAfterSeconds") {
            $0.faults = $0.faults.replacingOccurrences(of: "restartAfter:", with: "restartAfterSeconds:")
        },
        broken("a kill without a failover bound", at: "thresholds.failoverSeconds") {
            $0.thresholds = $0.thresholds.replacingOccurrences(of: "\n  failoverSeconds: 5", with: "")
        },
        broken("a region down on a one-region cluster", at: "faults[0].region") {
            $0.cluster = """
                cluster:
                  regions:
                    - {name: cn-east, nodes: 3}
                """
            $0.tenant = """
                tenant:
                  queues:
                    - {id: 1, region: cn-east}
                  agents:
                    - {region: cn-east, count: 4, capacity: {voice: 1, chat: 2}}
                """
            $0.faults = """
                faults:
                  - {at: 40, kind: region-down, region: cn-east}
                """
        },
    ]

    @Test(arguments: brokenScenarios)
    func aBrokenScenarioNamesTheFieldAtFault(_ broken: Broken) throws {
        #expect(broken.yaml != ScenarioText().yaml, "the variant must change the valid scenario")
        let error = try #require(throws: ScenarioError.self) {
            try ScenarioFile.parse(broken.yaml)
        }
        #expect(error.path == broken.path, "\(error)")
        #expect(!error.problem.isEmpty)
    }

    @Test func anUnreadableFileIsNamed() throws {
        let error = try #require(throws: ScenarioError.self) {
            try ScenarioFile.load("/nonexistent/scenario.yaml")
        }
        #expect(error.path == "/nonexistent/scenario.yaml")
    }

    /// `chaos/scenarios/`, found from this file: Tests/ChaosTests/<file> → ../../chaos/scenarios.
    static func scenariosDirectory(_ file: String = #filePath) -> URL {
        URL(fileURLWithPath: file)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("chaos/scenarios")
    }

    static let shippedScenarios: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: ScenarioFileTests.scenariosDirectory().path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test func theSuiteShipsItsScenarios() {
        #expect(Self.shippedScenarios.count >= 8, "scenarios in \(Self.scenariosDirectory().path)")
    }

    @Test(arguments: shippedScenarios)
    func aShippedScenarioParsesAndValidates(_ file: String) throws {
        let scenario = try ScenarioFile.load(Self.scenariosDirectory().appendingPathComponent(file).path)
        #expect(!scenario.name.isEmpty)
    }
}
