import ArgumentParser
import GRPCCore
import GRPCNIOTransportHTTP2

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// `grpc-bench server`: serve `bench.Echo/Echo` until stopped, the lifetime
/// runs out, or (when spawned by `run`) the parent goes away.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Serve the unary echo method bench.Echo/Echo over HTTP/2 plaintext."
    )

    @OptionGroup var endpoint: EndpointOptions

    @Option(help: "Exit by itself after this many seconds.")
    var maxLifetimeS: Double = 900

    @Option(help: "Exit once this process is no longer our parent (`run` passes its own pid).")
    var parentPid: Int32?

    func validate() throws {
        guard maxLifetimeS > 0, maxLifetimeS <= 86_400 else {
            throw ValidationError("--max-lifetime-s must be in (0, 86400], got \(maxLifetimeS).")
        }
    }

    func run() async throws {
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: endpoint.host, port: endpoint.port),
            transportSecurity: .plaintext
        )
        try await withGRPCServer(transport: transport, services: [EchoService()]) { server in
            if let address = try await server.listeningAddress {
                StandardError.line("grpc-bench server: listening on \(address)")
            }
            await waitForEndOfLife()
            StandardError.line("grpc-bench server: shutting down")
        }
    }

    /// Returns when the lifetime is over, the parent has gone, or the task is
    /// cancelled (the server failed). Polling the parent pid is what keeps a
    /// `run` that was itself killed from leaving an orphaned server behind.
    private func waitForEndOfLife() async {
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(Int64(maxLifetimeS * 1000))
        while clock.now < end, !Task.isCancelled {
            if let parentPid, getppid() != parentPid {
                StandardError.line("grpc-bench server: parent \(parentPid) is gone")
                return
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
}
