import ArgumentParser

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// `grpc-bench run`: server as a child process plus the client in this one,
/// in a single command. This is what `switchboard bench rpc` invokes.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Spawn a server, benchmark it with the client, stop the server, print the result."
    )

    @OptionGroup var endpoint: EndpointOptions
    @OptionGroup var workload: WorkloadOptions

    @Option(help: "Seconds to wait for the spawned server to accept connections.")
    var serverTimeoutS: Double = 10

    func validate() throws {
        guard serverTimeoutS > 0, serverTimeoutS <= 120 else {
            throw ValidationError("--server-timeout-s must be in (0, 120], got \(serverTimeoutS).")
        }
    }

    func run() async throws {
        let host = endpoint.host
        let port = endpoint.port != 0 ? endpoint.port : try Loopback.freePort(host: host)
        let endpointName = "\(host):\(port)"

        // Whoever answers after the spawn must be our child, so nobody may
        // be listening there before it.
        guard !Loopback.acceptsConnections(host: host, port: port) else {
            throw BenchError.portInUse(endpoint: endpointName)
        }

        let runLimit = workload.workload.clientTimeLimit + .seconds(serverTimeoutS) + .seconds(30)
        // The server is this very binary, wherever it lives.
        let server = try ChildProcess.spawn(
            executable: ChildProcess.currentExecutable(),
            arguments: [
                "server", "--host", host, "--port", String(port),
                "--parent-pid", String(getpid()),
                "--max-lifetime-s", String(runLimit.seconds.rounded(.up)),
            ]
        )
        defer { server.terminate() }

        try await waitUntilAccepting(server, host: host, port: port)
        let report = try await BenchmarkClient.run(host: host, port: port, workload: workload.workload)
        print(workload.json ? report.json : report.table)
    }

    /// Polls with plain TCP connects until the child listens, it dies, or the
    /// timeout passes; bounded by time (at most ~timeout/20 ms attempts).
    private func waitUntilAccepting(_ server: ChildProcess, host: String, port: Int) async throws {
        let clock = ContinuousClock()
        let timeout = Duration.milliseconds(Int64(serverTimeoutS * 1000))
        let end = clock.now + timeout
        while clock.now < end {
            if server.hasExited() {
                throw BenchError.serverExited(status: server.exitStatus ?? "unknown status")
            }
            if Loopback.acceptsConnections(host: host, port: port) {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError.serverDidNotStart(endpoint: "\(host):\(port)", after: timeout)
    }
}
