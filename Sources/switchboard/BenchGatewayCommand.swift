import ArgumentParser
import Chaos
import Foundation
import Gateway
import NodeRuntime

/// `switchboard bench gateway`: contacts created over HTTP on a three-node loopback
/// cluster, each 201 only once it is in its routing domain's replicated log, driven by
/// wrk against all three gateways at once; and `GET /health` on the same servers in the
/// same run as the framework's ceiling. Afterwards the queue must hold every contact
/// that was acknowledged.
struct BenchGatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Contacts/s created over HTTP (durable), p99 latency, and the trivial-endpoint ceiling, on a 3-node local cluster."
    )

    @Option(help: "Seconds of load for each figure.")
    var seconds = 15

    @Option(help: "HTTP connections in all, spread over the three gateways.")
    var connections = 96

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard (3...3600).contains(seconds) else { throw ValidationError("--seconds must be in 3...3600") }
        guard (3...3000).contains(connections) else { throw ValidationError("--connections must be in 3...3000") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else {
            throw ValidationError("wrk is missing: run `make bench-deps` (Debian package wrk)")
        }
    }

    func run() async throws {
        let executable = URL(fileURLWithPath: CommandLine.executablePath)
        // Admission limits far above the load: this measures the gateway, not the bucket.
        let unlimited = AdmissionSettings(requestsPerSecond: 1_000_000, burst: 1_000_000, inFlight: 100_000)
        let report = try await LocalCluster.with(nodes: 3, executable: executable, probeIntervalMs: 500, pingTimeoutMs: 250,
                                                 admission: unlimited) { cluster in
            try cluster.startAll()
            let ready = await cluster.waitUntil(timeout: .seconds(60)) { await cluster.allServing() }
            guard ready != nil else { throw ValidationError("the cluster did not come up:\n\(cluster.recentLogs())") }
            let gateways = cluster.names.map { cluster.httpAddresses[$0]! }
            let operatorClient = GatewayClient(gateways[0], key: cluster.operatorKey)
            let tenant = try await operatorClient.call("POST", "/v1/tenants", ["name": "bench"])
            let admin = GatewayClient(gateways[0], key: tenant["adminKey"] as! String)
            try await admin.call("PUT", "/v1/queues/1", ["name": "bench", "region": "cn-east", "skills": []])

            progress("ceiling: GET /health for \(seconds) s over \(connections) connections")
            let beforeCeiling = cluster.nodesCPUSeconds
            let ceiling = try await Wrk.run(against: gateways, path: "/health", script: nil,
                                            connections: connections, seconds: seconds, directory: cluster.directory)
            progress("contacts: POST /v1/contacts for \(seconds) s over \(connections) connections")
            let beforeContacts = cluster.nodesCPUSeconds
            let script = Wrk.contactScript(key: admin.key, queue: 1)
            let contacts = try await Wrk.run(against: gateways, path: "/v1/contacts", script: script,
                                             connections: connections, seconds: seconds, directory: cluster.directory)
            // The node CPU of the contacts includes sending them on to their sessions,
            // which follows the answers: it is read once the probe's session has it.
            let sessionLag = try await Self.sessionLag(admin)
            let afterContacts = cluster.nodesCPUSeconds
            let stats = try await admin.call("GET", "/v1/stats")
            let waiting = ((stats["queues"] as? [[String: Any]])?.first?["waiting"] as? Int) ?? 0
            return GatewayReport(seconds: seconds, connections: connections, contacts: contacts, ceiling: ceiling,
                                 queuedAfter: waiting, sessionLag: sessionLag, ceilingCPUSeconds: beforeContacts - beforeCeiling,
                                 contactsCPUSeconds: afterContacts - beforeContacts)
        }
        StandardOutput.line(json ? try JSONText.encode(report) : report.table())
    }

    /// How long after the load a new contact takes to reach its customer's session: the
    /// domain sends arrivals on in order, so this is also how far sessions lagged behind.
    /// The probe's customer is outside the range wrk draws from.
    private static func sessionLag(_ admin: GatewayClient) async throws -> Duration {
        let customer = 3_000_000_000
        let clock = ContinuousClock()
        let start = clock.now
        try await admin.call("POST", "/v1/contacts", ["channel": "chat", "customerId": customer, "queueId": 1])
        while clock.now - start < .seconds(60) {
            if try await admin.send("GET", "/v1/sessions/\(customer)", nil).isSuccess { return clock.now - start }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw ValidationError("the probe contact did not reach its session within 60 s")
    }

    private func progress(_ line: String) {
        if !json { StandardOutput.line(line) }
    }
}

struct GatewayReport: Encodable {
    var seconds: Int
    var connections: Int
    var contactsPerSecond: Double
    var acknowledgedContacts: Int
    var refusedOrFailed: Int
    var socketErrors: Int
    var p50Milliseconds: Double
    var p99Milliseconds: Double
    var ceilingRequestsPerSecond: Double
    var ceilingP99Milliseconds: Double
    /// Contacts waiting in the queue afterwards: at least every acknowledged one.
    var queuedAfter: Int
    /// From the probe contact's creation after the load until its session had it.
    var sessionLagMilliseconds: Double
    /// CPU time of the three nodes per request of each phase (requests still in flight
    /// when wrk stops are few against the phase's total). Unlike the rates, this hardly
    /// moves when other tenants of the machine take its cores.
    var nodeCPUMicrosecondsPerContact: Double
    var ceilingNodeCPUMicrosecondsPerRequest: Double

    init(seconds: Int, connections: Int, contacts: Wrk.Result, ceiling: Wrk.Result, queuedAfter: Int,
         sessionLag: Duration, ceilingCPUSeconds: Double, contactsCPUSeconds: Double) {
        self.seconds = seconds
        self.connections = connections
        contactsPerSecond = Double(contacts.requests - contacts.non2xx) / contacts.seconds
        acknowledgedContacts = contacts.requests - contacts.non2xx
        refusedOrFailed = contacts.non2xx
        socketErrors = contacts.socketErrors
        p50Milliseconds = contacts.p50Milliseconds
        p99Milliseconds = contacts.p99Milliseconds
        ceilingRequestsPerSecond = Double(ceiling.requests - ceiling.non2xx) / ceiling.seconds
        ceilingP99Milliseconds = ceiling.p99Milliseconds
        self.queuedAfter = queuedAfter
        sessionLagMilliseconds = Double(sessionLag.components.seconds) * 1e3 + Double(sessionLag.components.attoseconds) / 1e15
        nodeCPUMicrosecondsPerContact = contactsCPUSeconds * 1e6 / Double(max(1, contacts.requests))
        ceilingNodeCPUMicrosecondsPerRequest = ceilingCPUSeconds * 1e6 / Double(max(1, ceiling.requests))
    }

    enum CodingKeys: String, CodingKey {
        case seconds, connections
        case contactsPerSecond = "contacts_per_s"
        case acknowledgedContacts = "acknowledged_contacts"
        case refusedOrFailed = "non_2xx_responses"
        case socketErrors = "socket_errors"
        case p50Milliseconds = "p50_ms"
        case p99Milliseconds = "p99_ms"
        case ceilingRequestsPerSecond = "ceiling_rps"
        case ceilingP99Milliseconds = "ceiling_p99_ms"
        case queuedAfter = "queued_after"
        case sessionLagMilliseconds = "session_lag_ms"
        case nodeCPUMicrosecondsPerContact = "node_cpu_us_per_contact"
        case ceilingNodeCPUMicrosecondsPerRequest = "ceiling_node_cpu_us_per_request"
    }

    func table() -> String {
        let durable = queuedAfter >= acknowledgedContacts ? "all in the queue" : "MISSING \(acknowledgedContacts - queuedAfter)"
        return """
            gateway on 3 nodes, \(connections) connections, \(seconds) s per figure
            figure                          value
            contacts created (201)/s        \(String(format: "%.0f", contactsPerSecond))
            p50 / p99 latency               \(String(format: "%.2f / %.2f ms", p50Milliseconds, p99Milliseconds))
            acknowledged contacts           \(acknowledgedContacts) (\(durable): \(queuedAfter) queued)
            non-2xx / socket errors         \(refusedOrFailed) / \(socketErrors)
            session lag after the load      \(String(format: "%.0f ms", sessionLagMilliseconds))
            node CPU per contact            \(String(format: "%.0f µs", nodeCPUMicrosecondsPerContact))
            ceiling: GET /health/s          \(String(format: "%.0f", ceilingRequestsPerSecond)) (p99 \(String(format: "%.2f", ceilingP99Milliseconds)) ms, \(String(format: "%.0f µs", ceilingNodeCPUMicrosecondsPerRequest)) node CPU each)
            """
    }
}
