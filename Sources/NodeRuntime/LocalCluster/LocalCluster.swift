import ClusterSystem
import Foundation
import Gateway
import Logging
import Membership
import NIOCore
import Sharding
import Synchronization
import Transport

/// A cluster of real `switchboard node` processes on this machine, for tests, the
/// detection benchmark and (later) the demo and chaos runner: its own loopback
/// addresses 127.0.X.2…, a definition file and data directories in a temporary
/// directory. `shutdown()` removes everything it made: processes, iptables rules, files.
public final class LocalCluster: Sendable {
    public let name: String
    public let directory: URL
    public let configFile: String
    public let addresses: [String: NodeAddress]
    /// Every node serves HTTP, as a gateway, on its own address at port 8400.
    public let httpAddresses: [String: NodeAddress]
    /// The operator key the nodes were configured with, random per cluster.
    public let operatorKey: String
    public let names: [String]
    /// Where the nodes put entity keys: the standard shard count and the nodes'
    /// regions in configuration order, as each node's `ShardingSettings.layout`.
    public let layout: ShardLayout
    private let executable: URL
    private let logLevel: String
    private let processes = Mutex([String: NodeProcess]())
    private let rules = Mutex([IptablesRule]())
    /// This process's own node, which asks the cluster's nodes for their views.
    public let client: ClusterSystem

    /// Each local cluster gets its own 127.0.X.0/24 with X in 100...249, so clusters
    /// never share an address (tests below 100 use 127.0.0.N and 127.0.1.N). A process
    /// numbers its clusters from its PID; another process doing the same (a child
    /// `switchboard demo`, a chaos run) may hold a subnet already, which the client's
    /// bind on the subnet's .200 finds out, and the next subnet is tried.
    private static let nextSubnet = Atomic<Int>(Int(getpid() % 150))

    /// - Parameters:
    ///   - executable: the `switchboard` binary to start nodes from.
    ///   - probeIntervalMs: SWIM's probe period; detection times scale with it.
    ///   - acknowledgement: when shard primaries answer writes.
    ///   - admission: the gateways' per-tenant limits.
    ///   - regions: each node's region, in order; by default the last node is in
    ///     cn-south and the others in cn-east.
    public init(nodes count: Int, executable: URL, probeIntervalMs: Int = 1000, pingTimeoutMs: Int = 500,
                acknowledgement: AcknowledgementPolicy = .replicated, admission: AdmissionSettings = AdmissionSettings(),
                regions: [String]? = nil, logLevel: String = "info") async throws {
        precondition((1...200).contains(count), "a local cluster has 1 to 200 nodes")
        precondition(regions.map { $0.count == count } ?? true, "one region per node")
        var logger = Logger(label: "test-client")
        logger.logLevel = .critical
        var claimed: (subnet: Int, client: ClusterSystem)?
        for _ in 0..<150 where claimed == nil {
            let subnet = 100 + Self.nextSubnet.add(1, ordering: .relaxed).newValue % 150
            do {
                let client = try await ClusterSystem.start(
                    settings: ClusterSystemSettings(transport: try TransportSettings(
                        clusterName: "local-\(getpid())-\(subnet)",
                        identity: NodeIdentity(address: NodeAddress(host: "127.0.\(subnet).200", port: 7_400), generation: 1))),
                    logger: logger)
                claimed = (subnet, client)
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                continue
            }
        }
        guard let (subnet, client) = claimed else { throw IOError(errnoCode: EADDRINUSE, reason: "no free 127.0.X subnet for a local cluster") }
        self.client = client
        self.executable = executable
        self.logLevel = logLevel
        name = "local-\(getpid())-\(subnet)"
        names = (1...count).map { "n\($0)" }
        var addresses: [String: NodeAddress] = [:]
        for (index, node) in names.enumerated() {
            addresses[node] = NodeAddress(host: "127.0.\(subnet).\(index + 2)", port: 7_400)
        }
        self.addresses = addresses
        httpAddresses = addresses.mapValues { NodeAddress(host: $0.host, port: 8_400) }
        operatorKey = "operator-" + (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 36) }.joined()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        configFile = directory.appendingPathComponent("cluster.yaml").path

        var yaml = """
            cluster:
              name: \(name)
              nodes: [\(names.joined(separator: ", "))]
              seeds: [\(names.prefix(2).joined(separator: ", "))]
              faultInjection: true
            membership:
              probeIntervalMs: \(probeIntervalMs)
              pingTimeoutMs: \(pingTimeoutMs)
            sharding:
              acknowledgement: \(acknowledgement.rawValue)
            gateway:
              operatorKey: \(operatorKey)
              requestsPerSecond: \(Int(admission.requestsPerSecond))
              burst: \(Int(admission.burst))
              inFlight: \(admission.inFlight)
              streams: \(admission.streams)
            nodes:

            """
        let nodeNames = names
        let regionOf = regions ?? nodeNames.map { $0 == nodeNames.last ? "cn-south" : "cn-east" }
        let regionMap = Dictionary(uniqueKeysWithValues: zip(names, regionOf))
        layout = ShardLayout(shardCount: .standard, regions: regionOf.reduce(into: []) { if !$0.contains($1) { $0.append($1) } })
        for node in names {
            yaml += """
                  \(node):
                    address: "\(addresses[node]!)"
                    http: "\(httpAddresses[node]!)"
                    roles: [gateway]
                    region: \(regionMap[node]!)
                    dataDir: \(directory.appendingPathComponent(node).path)

                """
        }
        try yaml.write(toFile: configFile, atomically: true, encoding: .utf8)
    }

    /// Starts (or restarts) `node`; a restart replaces the previous process.
    public func start(_ node: String) throws {
        // The previous process goes first: it holds the data directory's lock and the port.
        processes.withLock { $0.removeValue(forKey: node) }?.kill9()
        let process = try NodeProcess(executable: executable, name: node, configFile: configFile, logLevel: logLevel)
        processes.withLock { $0[node] = process }
    }

    /// Stops `node` gracefully (SIGTERM: it leaves) and waits for it to exit.
    public func stop(_ node: String, timeout: Duration = .seconds(10)) async {
        guard let process = process(node) else { return }
        process.signal(SIGTERM)
        if await !process.waitForExit(timeout: timeout) { process.kill9() }
    }

    /// `node`'s data directory, which outlives its processes until `shutdown()`.
    public func dataDirectory(of node: String) -> String {
        directory.appendingPathComponent(node).path
    }

    public func startAll() throws {
        for node in names { try start(node) }
    }

    public func process(_ node: String) -> NodeProcess? {
        processes.withLock { $0[node] }
    }

    /// CPU time all node processes have used so far, in seconds.
    public var nodesCPUSeconds: Double {
        processes.withLock { $0 }.values.reduce(0) { $0 + ($1.cpuSeconds ?? 0) }
    }

    /// Everything each node's current process printed, by node name, for a run's report.
    public var nodeLogs: [String: [String]] {
        processes.withLock { $0 }.mapValues(\.log)
    }

    /// The last `lines` lines each node printed, for failure reports.
    public func recentLogs(lines: Int = 5) -> String {
        processes.withLock { $0 }.sorted { $0.key < $1.key }.map { name, process in
            "\(name) (\(process.isRunning ? "running" : "exited")):\n"
                + process.log.suffix(lines).map { "  \($0)" }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Each node's lines that contain `fragment`, the last `limit` of them, for failure reports.
    public func logs(containing fragment: String, limit: Int = 30) -> String {
        processes.withLock { $0 }.sorted { $0.key < $1.key }.map { name, process in
            "\(name), lines with \"\(fragment)\":\n"
                + process.log.filter { $0.contains(fragment) }.suffix(limit).map { "  \($0)" }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// `node`'s view of the cluster, or nil if it does not answer.
    public func status(of node: String) async -> MembershipStatus? {
        guard let address = addresses[node],
              let membership = try? MembershipService.resolve(id: .wellKnown(MembershipService.path, on: address), using: client)
        else { return nil }
        return try? await ClusterSystem.withCallTimeout(.seconds(1)) { try await membership.status() }
    }

    /// The state `observer` records for `subject`, or nil.
    public func state(of subject: String, seenBy observer: String) async -> SWIMMember? {
        guard let address = addresses[subject] else { return nil }
        return await status(of: observer)?.members.first { $0.member.address == address }?.member
    }

    /// Polls until `condition` holds or `timeout` passes; returns how long it took, or nil.
    public func waitUntil(timeout: Duration, poll: Duration = .milliseconds(100),
                   _ condition: () async -> Bool) async -> Duration? {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < timeout {
            if await condition() { return clock.now - start }
            try? await Task.sleep(for: poll)
        }
        return nil
    }

    /// True when every node in `observers` sees every node in `subjects` in `state`.
    public func allSee(_ subjects: [String], as state: MemberState, from observers: [String]) async -> Bool {
        for observer in observers {
            guard let view = await status(of: observer) else { return false }
            for subject in subjects {
                guard let address = addresses[subject],
                      view.members.contains(where: { $0.member.address == address && $0.member.state == state }) else {
                    return false
                }
            }
        }
        return true
    }

    // MARK: - Partitions

    /// How a partition is cut.
    public enum PartitionMethod: String, Sendable, CaseIterable, CustomStringConvertible {
        /// iptables rules between the nodes' loopback addresses: needs root.
        case kernel
        /// Each node's transport drops the traffic (`FaultControl`): the same protocol
        /// paths, without the kernel's part.
        case transport

        public var description: String { rawValue }

        /// Kernel rules where this process may make them, transport faults otherwise.
        public static var available: [PartitionMethod] { canUseIptables ? [.kernel, .transport] : [.transport] }
    }

    public static var canUseIptables: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/iptables")
    }

    /// Drops every packet between the two groups, in both directions.
    public func partition(_ left: [String], _ right: [String], method: PartitionMethod) async throws {
        for a in left {
            for b in right {
                if method == .kernel {
                    for (source, target) in [(a, b), (b, a)] {
                        let rule = IptablesRule(source: addresses[source]!.host, destination: addresses[target]!.host)
                        try rule.run("-I")
                        rules.withLock { $0.append(rule) }
                    }
                } else {
                    try await FaultControl.on(addresses[a]!, using: client).partition(from: addresses[b]!, direction: .both)
                    try await FaultControl.on(addresses[b]!, using: client).partition(from: addresses[a]!, direction: .both)
                }
            }
        }
    }

    /// Drops the traffic from each node of `sources` to each of `targets`, and only that way.
    public func cut(from sources: [String], to targets: [String], method: PartitionMethod) async throws {
        for a in sources {
            for b in targets {
                if method == .kernel {
                    let rule = IptablesRule(source: addresses[a]!.host, destination: addresses[b]!.host)
                    try rule.run("-I")
                    rules.withLock { $0.append(rule) }
                } else {
                    try await FaultControl.on(addresses[a]!, using: client).partition(from: addresses[b]!, direction: .outbound)
                    try await FaultControl.on(addresses[b]!, using: client).partition(from: addresses[a]!, direction: .inbound)
                }
            }
        }
    }

    /// Delays every frame `node` sends to the other nodes, and every frame they send it.
    public func delay(_ node: String, milliseconds: Int, jitterMilliseconds: Int) async throws {
        for other in names where other != node {
            try await FaultControl.on(addresses[node]!, using: client)
                .setDelay(to: addresses[other]!, milliseconds: milliseconds, jitterMilliseconds: jitterMilliseconds)
            try await FaultControl.on(addresses[other]!, using: client)
                .setDelay(to: addresses[node]!, milliseconds: milliseconds, jitterMilliseconds: jitterMilliseconds)
        }
    }

    /// Drops each frame between `node` and the other nodes, either way, with `probability`.
    public func loss(_ node: String, probability: Double) async throws {
        for other in names where other != node {
            try await FaultControl.on(addresses[node]!, using: client).setLoss(to: addresses[other]!, probability: probability)
            try await FaultControl.on(addresses[other]!, using: client).setLoss(to: addresses[node]!, probability: probability)
        }
    }

    /// Removes every partition this cluster made. A node that does not answer is asked
    /// again for up to `patience`: one lost heal would leave it cut off for the rest of
    /// a run, and the run would blame the cluster for the harness.
    public func heal(patience: Duration = .seconds(10)) async {
        let installed = rules.withLock { rules in
            defer { rules.removeAll() }
            return rules
        }
        for rule in installed { try? rule.run("-D") }
        for node in names {
            let deadline = ContinuousClock.now + patience
            while process(node)?.isRunning == true {
                do {
                    try await FaultControl.on(addresses[node]!, using: client).healAll()
                    break
                } catch {
                    guard ContinuousClock.now < deadline else { break }
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
        }
    }

    public func shutdown() async {
        await heal(patience: .zero)
        for process in processes.withLock({ Array($0.values) }) { process.kill9() }
        await client.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }
}

extension LocalCluster {
    /// Runs `body` with a fresh cluster and always tears it down afterwards, failures included.
    public static func with<T>(nodes: Int, executable: URL, probeIntervalMs: Int = 1000, pingTimeoutMs: Int = 500,
                               acknowledgement: AcknowledgementPolicy = .replicated,
                               admission: AdmissionSettings = AdmissionSettings(), regions: [String]? = nil,
                               _ body: (LocalCluster) async throws -> T) async throws -> T {
        let cluster = try await LocalCluster(nodes: nodes, executable: executable, probeIntervalMs: probeIntervalMs,
                                             pingTimeoutMs: pingTimeoutMs, acknowledgement: acknowledgement,
                                             admission: admission, regions: regions)
        do {
            let result = try await body(cluster)
            await cluster.shutdown()
            return result
        } catch {
            await cluster.shutdown()
            throw error
        }
    }
}
