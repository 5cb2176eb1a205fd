import Foundation
import Gateway
import NodeRuntime

/// Runs one scenario: a real cluster of node processes on their own loopback addresses,
/// the tenant made through the API, agents on WebSocket desktops and customers over
/// REST, the fault schedule, a drain, an audit through the API, and the report.
public struct ChaosRunner: Sendable {
    public var scenario: Scenario
    /// The scenario file, for the replay command.
    public var scenarioPath: String
    /// The `switchboard` binary the nodes run.
    public var executable: URL
    /// Where each progress line goes (standard error, so `--json` stays one object).
    public var progress: @Sendable (String) -> Void

    public init(scenario: Scenario, scenarioPath: String, executable: URL, progress: @escaping @Sendable (String) -> Void) {
        self.scenario = scenario
        self.scenarioPath = scenarioPath
        self.executable = executable
        self.progress = progress
    }

    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The run's report, the records its verdicts came from, and what each node printed.
    public func run() async throws -> (report: ChaosReport, records: RunRecords, nodeLogs: [String: [String]]) {
        let nodes = scenario.nodes
        progress("chaos \(scenario.name), seed \(scenario.seed): starting \(nodes.count) nodes ("
                 + scenario.cluster.regions.map { "\($0.name) \($0.nodes)" }.joined(separator: ", ") + ")")
        return try await LocalCluster.with(nodes: nodes.count, executable: executable,
                                           probeIntervalMs: scenario.cluster.probeIntervalMs,
                                           pingTimeoutMs: scenario.cluster.probeIntervalMs / 2,
                                           regions: nodes.map(\.region)) { cluster in
            try cluster.startAll()
            guard await cluster.waitUntil(timeout: .seconds(90), { await cluster.allServing() }) != nil else {
                throw SetupError(description: "the cluster did not come up:\n\(cluster.recentLogs())")
            }
            let (report, records) = try await drive(cluster)
            return (report, records, cluster.nodeLogs)
        }
    }

    private func drive(_ cluster: LocalCluster) async throws -> (report: ChaosReport, records: RunRecords) {
        let pool = GatewayPool(scenario.nodes.map {
            GatewayPool.Gateway(node: $0.name, region: $0.region, address: cluster.httpAddresses[$0.name]!)
        })
        let tenant = try await TenantSetup.make(scenario.tenant, name: scenario.name, through: pool,
                                                operatorKey: cluster.operatorKey)
        let book = RecordBook()
        let agents = tenant.agents.map {
            SimulatedAgent(id: $0.id, region: $0.region, key: $0.key, pool: pool, book: book, load: scenario.load)
        }
        for agent in tenant.agents { book.agent(AgentRecord(agent: agent.id, region: agent.region, capacity: agent.capacity)) }
        let faults = FaultDriver(cluster: cluster, scenario: scenario, pool: pool, book: book, tenant: tenant.tenant,
                                 progress: progress) { region in
            await withDiscardingTaskGroup { group in
                for agent in agents where agent.region == region { group.addTask { await agent.leave() } }
            }
        }
        let plan = ArrivalPlan.make(scenario.load, seed: scenario.seed)
        progress("tenant \(tenant.tenant) with \(agents.count) agents; \(plan.count) customers over \(Int(scenario.load.seconds)) s; "
                 + "partitions through \(faults.partitionMethod == .kernel ? "iptables" : "the transport's fault injection")")

        return try await withThrowingTaskGroup(of: Void.self) { work in
            for agent in agents { work.addTask { await agent.run() } }
            // Desktops listen on their streams and are available before the first customer.
            guard await cluster.waitUntil(timeout: .seconds(60), { agents.allSatisfy(\.isReady) }) != nil else {
                throw SetupError(description: "agents did not go available within 60 s:\n\(cluster.recentLogs())")
            }
            book.begin()
            let customers = Customers(plan: plan, pool: pool, book: book, adminKey: tenant.adminKey)
            let arrivals = Task { await customers.run() }
            let faultsDone = Task { await faults.run() }
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(5))
                    if !Task.isCancelled { progress(progressLine(book, faults)) }
                }
            }
            // Interrupted, the schedule stops too: nothing is injected into a cluster being torn down.
            defer {
                arrivals.cancel()
                faultsDone.cancel()
                ticker.cancel()
            }

            try await Task.sleep(for: .seconds(max(0, scenario.load.seconds - book.now())))
            await withTaskCancellationHandler { await faultsDone.value } onCancel: { faultsDone.cancel() }
            try Task.checkCancellation()
            // Customers still waiting keep their patience through the drain.
            let drainEnds = book.now() + scenario.load.drainSeconds
            while book.now() < drainEnds {
                let figures = book.progress()
                if figures.answered + figures.abandoned >= figures.acknowledged, agents.allSatisfy(\.isIdle) { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            arrivals.cancel()
            let shiftEnded = book.now()
            for agent in agents { agent.endShift() }
            _ = await cluster.waitUntil(timeout: .seconds(30), poll: .milliseconds(200)) { agents.allSatisfy(\.isIdle) }
            work.cancelAll()
            ticker.cancel()
            progress("auditing \(book.progress().acknowledged) acknowledged contacts through the API…")
            let finalStates = try await audit(book.records, pool: pool, adminKey: tenant.adminKey)
            let sessions = try await auditSessions(book.records, pool: pool, adminKey: tenant.adminKey)
            book.finish(loadSeconds: scenario.load.seconds, endSeconds: shiftEnded, finalStates: finalStates,
                        sessions: sessions)
            let records = book.records
            return (report(records), records)
        }
    }

    /// Asks the API for every acknowledged contact no agent completed and no customer
    /// abandoned with confirmation: the only question the verdicts put to the cluster.
    /// Sixteen at a time, retrying while the answer is missing or 5xx, for at most a minute.
    private func audit(_ records: RunRecords, pool: GatewayPool, adminKey: String) async throws -> [String: String] {
        let open = records.openContacts
        let deadline = ContinuousClock.now + .seconds(60)
        let states = try await withThrowingTaskGroup(of: (String, String).self) { group in
            var states: [String: String] = [:]
            var next = open.makeIterator()
            func ask(_ contact: String) {
                group.addTask {
                    while ContinuousClock.now < deadline {
                        try Task.checkCancellation()
                        let reply = try? await GatewayClient(pool.next().address, key: adminKey, timeout: 10)
                            .send("GET", "/v1/contacts/\(contact)")
                        if let reply, reply.isSuccess { return (contact, reply.json["state"] as? String ?? "unreadable") }
                        if let reply, reply.status == 404 { return (contact, "missing") }
                        try await Task.sleep(for: .milliseconds(500))
                    }
                    return (contact, "unreachable")
                }
            }
            for _ in 0..<16 { if let contact = next.next() { ask(contact) } }
            while let (contact, state) = try await group.next() {
                states[contact] = state
                if let contact = next.next() { ask(contact) }
            }
            return states
        }
        return states
    }

    /// Asks the API for the session of every customer with an acknowledged contact, until
    /// it holds all of them: domains send contacts on to sessions after answering, and a
    /// domain's new primary sends what its predecessor may not have. Sixteen at a time,
    /// for at most a minute in all; what a session holds then is what the verdict judges.
    private func auditSessions(_ records: RunRecords, pool: GatewayPool, adminKey: String) async throws -> [String: [String]] {
        let expected = Dictionary(grouping: records.contacts.compactMap { record in record.customer.map { ("\($0)", record.contactId) } },
                                  by: \.0).mapValues { Set($0.map(\.1)) }
        progress("auditing the sessions of \(expected.count) customers…")
        let deadline = ContinuousClock.now + .seconds(60)
        return try await withThrowingTaskGroup(of: (String, [String]).self) { group in
            var sessions: [String: [String]] = [:]
            var next = expected.makeIterator()
            func ask(_ customer: String, for contacts: Set<String>) {
                group.addTask {
                    var held: [String] = []
                    while ContinuousClock.now < deadline {
                        try Task.checkCancellation()
                        let reply = try? await GatewayClient(pool.next().address, key: adminKey, timeout: 10)
                            .send("GET", "/v1/sessions/\(customer)")
                        if let reply, reply.isSuccess || reply.status == 404 {
                            held = (reply.json["entries"] as? [[String: Any]])?.compactMap { $0["contactId"] as? String } ?? []
                            if contacts.isSubset(of: held) { break }
                        }
                        try await Task.sleep(for: .milliseconds(500))
                    }
                    return (customer, held)
                }
            }
            for _ in 0..<16 { if let (customer, contacts) = next.next() { ask(customer, for: contacts) } }
            while let (customer, held) = try await group.next() {
                sessions[customer] = held
                if let (customer, contacts) = next.next() { ask(customer, for: contacts) }
            }
            return sessions
        }
    }

    private func report(_ records: RunRecords) -> ChaosReport {
        let verdicts = Verdicts.judge(records, scenario: scenario)
        let requests = records.requests
        let latencies = requests.map(\.latencyMs)
        var figures: [String: Double] = [
            "requests": Double(requests.count),
            "acknowledged": Double(records.contacts.count),
            "refused_429": Double(requests.filter { $0.status == 429 }.count),
            "unanswered": Double(requests.filter { !$0.answered && $0.status != 429 }.count),
            "answered_by_agents": Double(Set(records.handlings.map(\.contactId)).count),
            "completed": Double(records.handlings.filter(\.completed).count),
            "abandoned": Double(records.abandons.count),
            "agents": Double(records.agents.count),
            "load_seconds": records.loadSeconds,
            "run_seconds": records.endSeconds,
        ]
        if let p50 = Verdicts.percentile(latencies, 0.5), let p99 = Verdicts.percentile(latencies, 0.99) {
            figures["request_p50_ms"] = p50
            figures["request_p99_ms"] = p99
        }
        let all = Verdicts.serviceLevel(of: records.contacts, answeredAt: Verdicts.answerTimes(records),
                                        abandonedAt: Verdicts.abandonTimes(records),
                                        within: scenario.thresholds.serviceLevel.answeredWithinSeconds)
        if let all { figures["service_level_overall"] = all.level }
        return ChaosReport(scenario: scenario.name, seed: scenario.seed, verdicts: verdicts, figures: figures,
                           faults: records.faults, recoveries: records.recoveries,
                           timeline: Timeline.build(records, scenario: scenario),
                           replay: "switchboard chaos run \(scenarioPath) --seed \(scenario.seed)")
    }

    private func progressLine(_ book: RecordBook, _ faults: FaultDriver) -> String {
        let figures = book.progress()
        let active = faults.current.withLock { $0 }
        return String(format: "t=%3.0fs ", book.now())
            + "requests \(figures.requests) acknowledged \(figures.acknowledged) refused \(figures.refused)"
            + (figures.failed > 0 ? " unanswered \(figures.failed)" : "")
            + " | answered \(figures.answered) completed \(figures.completed) abandoned \(figures.abandoned)"
            + " | waiting \(max(0, figures.acknowledged - figures.answered - figures.abandoned))"
            + (active.isEmpty ? "" : " | " + active.joined(separator: "; "))
    }
}
