import ArgumentParser

/// `grpc-bench client`: benchmark an already running `grpc-bench server`.
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Measure latency (sequential) and throughput (pipelined) against a running server."
    )

    @OptionGroup var endpoint: EndpointOptions
    @OptionGroup var workload: WorkloadOptions

    func validate() throws {
        guard endpoint.port != 0 else {
            throw ValidationError("client needs the server's --port.")
        }
    }

    func run() async throws {
        let report = try await BenchmarkClient.run(
            host: endpoint.host,
            port: endpoint.port,
            workload: workload.workload
        )
        print(workload.json ? report.json : report.table)
    }
}
