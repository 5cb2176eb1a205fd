import Foundation
import NodeRuntime
import Sharding
import Synchronization

/// Carries out the scenario's fault schedule on the cluster, records each fault and
/// undoes it, and measures how long the cluster took to recover by asking its running
/// nodes. Kernel partitions (iptables) when run as root, the transport's own faults otherwise.
final class FaultDriver: Sendable {
    private let cluster: LocalCluster
    private let scenario: Scenario
    private let pool: GatewayPool
    private let book: RecordBook
    private let tenant: Int
    private let method: LocalCluster.PartitionMethod
    /// Nodes not running, or frozen: neither asked nor counted.
    private let down = Mutex<Set<String>>([])
    /// Called with a region when it goes down, so its agents leave.
    private let regionDown: @Sendable (String) async -> Void
    private let progress: @Sendable (String) -> Void

    init(cluster: LocalCluster, scenario: Scenario, pool: GatewayPool, book: RecordBook, tenant: Int,
         progress: @escaping @Sendable (String) -> Void, regionDown: @escaping @Sendable (String) async -> Void) {
        self.progress = progress
        self.cluster = cluster
        self.scenario = scenario
        self.pool = pool
        self.book = book
        self.tenant = tenant
        self.regionDown = regionDown
        method = LocalCluster.canUseIptables ? .kernel : .transport
    }

    var partitionMethod: LocalCluster.PartitionMethod { method }

    /// Runs every step at its time; returns when all of them are done and undone.
    func run() async {
        await withDiscardingTaskGroup { group in
            for step in scenario.faults {
                group.addTask {
                    let wait = step.at - self.book.now()
                    if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
                    guard !Task.isCancelled else { return }
                    await self.inject(step)
                }
            }
        }
    }

    /// The label of the step running now, for the progress line.
    let current = Mutex<[String]>([])

    private func inject(_ step: FaultStep) async {
        var shown = step
        if let node = step.node { shown.node = await resolve(node) }
        let label = shown.label
        current.withLock { $0.append(label) }
        defer { current.withLock { $0.removeAll { $0 == label } } }
        switch step.kind {
        case .kill:
            let node = shown.node ?? ""
            let index = book.fault(FaultRecord(label: "kill \(node)", at: book.now(), until: nil))
            kill([node])
            await measureFailover(after: "kill \(node)")
            if let restartAfter = step.restartAfter {
                try? await Task.sleep(for: .seconds(max(0, step.at + restartAfter - book.now())))
                guard !Task.isCancelled else { return }
                let restarted = book.now()
                await restart(node)
                book.faultUndone(index, at: restarted)
                await measureConvergence(after: "restart \(node)", since: restarted)
            }
        case .pause:
            let node = shown.node ?? ""
            let index = book.fault(FaultRecord(label: "pause \(node)", at: book.now(), until: nil))
            pool.markDown(node)
            down.withLock { _ = $0.insert(node) }
            cluster.process(node)?.signal(SIGSTOP)
            try? await Task.sleep(for: .seconds(step.seconds ?? 0))
            cluster.process(node)?.signal(SIGCONT)
            down.withLock { _ = $0.remove(node) }
            pool.markUp(node)
            book.faultUndone(index, at: book.now())
            await measureConvergence(after: "resume \(node)")
        case .partition:
            let isolated = step.isolate ?? []
            let rest = cluster.names.filter { !isolated.contains($0) }
            let cut = "partition \(isolated.joined(separator: ","))" + (step.oneWay == true ? " one-way" : "")
            let index = book.fault(FaultRecord(label: cut, at: book.now(), until: nil))
            do {
                if step.oneWay == true {
                    try await cluster.cut(from: isolated, to: rest, method: method)
                } else {
                    try await cluster.partition(isolated, rest, method: method)
                }
            } catch {
                // Half a partition is still a fault: undo what was cut.
                await cluster.heal()
                book.faultUndone(index, at: book.now())
                progress("partition \(cut) could not be cut: \(error)")
                return
            }
            try? await Task.sleep(for: .seconds(step.seconds ?? 0))
            await cluster.heal()
            book.faultUndone(index, at: book.now())
            await measureConvergence(after: "heal \(cut)")
        case .delay, .loss:
            let node = shown.node ?? ""
            let index = book.fault(FaultRecord(label: label,
                                               at: book.now(), until: nil))
            if step.kind == .delay {
                try? await cluster.delay(node, milliseconds: step.milliseconds ?? 0, jitterMilliseconds: step.jitterMilliseconds ?? 0)
            } else {
                try? await cluster.loss(node, probability: step.probability ?? 0)
            }
            try? await Task.sleep(for: .seconds(step.seconds ?? 0))
            await cluster.heal()
            book.faultUndone(index, at: book.now())
            await measureConvergence(after: "end of \(step.kind.rawValue) on \(node)")
        case .rollingRestart:
            let index = book.fault(FaultRecord(label: "rolling restart", at: book.now(), until: nil))
            for node in cluster.names {
                guard !Task.isCancelled else { return }
                pool.markDown(node)
                down.withLock { _ = $0.insert(node) }
                let stopped = book.now()
                await cluster.stop(node)
                await restart(node)
                await measureConvergence(after: "restart \(node)", since: stopped, shardsToo: true)
            }
            book.faultUndone(index, at: book.now())
        case .regionDown:
            let region = step.region ?? ""
            let nodes = scenario.cluster.nodes(in: region)
            _ = book.fault(FaultRecord(label: "region \(region) down", at: book.now(), until: nil))
            kill(nodes)
            async let agentsLeave: Void = regionDown(region)
            await measureFailover(after: "region \(region) down")
            await agentsLeave
        }
    }

    private func kill(_ nodes: [String]) {
        for node in nodes {
            pool.markDown(node)
            down.withLock { _ = $0.insert(node) }
            cluster.process(node)?.kill9()
        }
    }

    private func restart(_ node: String) async {
        try? cluster.start(node)
        down.withLock { _ = $0.remove(node) }
        // Its gateway takes traffic once it answers again.
        _ = await cluster.waitUntil(timeout: .seconds(30), poll: .milliseconds(200)) { await cluster.status(of: node) != nil }
        pool.markUp(node)
    }

    private var running: [String] {
        let down = self.down.withLock { $0 }
        return cluster.names.filter { !down.contains($0) }
    }

    /// Until every shard has a serving primary among the running nodes.
    private func measureFailover(after fault: String) async {
        let at = book.now()
        let limit = Duration.seconds(max(30, (scenario.thresholds.failoverSeconds ?? 30) * 3))
        let took = await cluster.waitUntil(timeout: limit, poll: .milliseconds(200)) {
            await cluster.allShardsServing(among: running, shardCount: .standard)
        }
        book.recovery(RecoveryRecord(kind: .failover, fault: fault, at: at, seconds: took.map { $0 / .seconds(1) }))
    }

    /// Until every running node sees every running node alive (and, for a rolling
    /// restart, every shard served before the next node goes).
    private func measureConvergence(after fault: String, since start: Double? = nil, shardsToo: Bool = false) async {
        let at = start ?? book.now()
        let elapsed = book.now() - at
        let limit = Duration.seconds(max(30, (scenario.thresholds.convergenceSeconds ?? 30) * 3))
        let took = await cluster.waitUntil(timeout: limit, poll: .milliseconds(200)) {
            let nodes = running
            guard await cluster.allSee(nodes, as: .alive, from: nodes) else { return false }
            return shardsToo ? await cluster.allShardsServing(among: nodes, shardCount: .standard) : true
        }
        book.recovery(RecoveryRecord(kind: .convergence, fault: fault, at: at, seconds: took.map { elapsed + $0 / .seconds(1) }))
    }

    /// A node name, or the primary of the tenant's routing domain in a region right now.
    private func resolve(_ target: String) async -> String {
        guard target.hasPrefix("primary:") else { return target }
        let region = String(target.dropFirst("primary:".count))
        // Region N of the gateway's API is the cluster's N-th configured region.
        let index = cluster.layout.regions.firstIndex(of: region) ?? 0
        let shard = cluster.layout.shard(forKey: "\(tenant)/\(index + 1)", region: index)
        for node in running where await cluster.shards(of: node)?.contains(where: { $0.shard == shard && $0.role == .primary }) == true {
            return node
        }
        return scenario.cluster.nodes(in: region).first ?? cluster.names[0]
    }
}
