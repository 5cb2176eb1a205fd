import GRPCCore
import GRPCNIOTransportHTTP2

/// Connects one gRPC client to an echo server and runs both phases.
enum BenchmarkClient {
    static func run(host: String, port: Int, workload: Workload) async throws -> BenchmarkReport {
        let endpoint = "\(host):\(port)"
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: host, port: port),
            transportSecurity: .plaintext
        )
        return try await withGRPCClient(transport: transport) { client in
            let bench = EchoBenchmark(client: client, workload: workload)

            try await withDeadline(Workload.firstCallLimit, phase: "first call to \(endpoint)") {
                try await bench.verifyEcho()
            }

            StandardError.line("grpc-bench: latency phase, \(workload.latencyCalls) sequential calls")
            let samples = try await withDeadline(workload.latencyPhaseLimit, phase: "latency phase") {
                try await bench.measureLatency()
            }

            StandardError.line(
                "grpc-bench: throughput phase, \(workload.inFlight) in flight for \(workload.throughputWindow)"
            )
            let completed = try await withDeadline(workload.throughputPhaseLimit, phase: "throughput phase") {
                try await bench.measureThroughput()
            }

            return BenchmarkReport(
                endpoint: endpoint,
                workload: workload,
                latency: LatencySummary(samples: samples),
                completedCalls: completed
            )
        }
    }
}
